from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Articles"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from forum import accounts, audit  # noqa: F401  connect the folded-username and audit log receivers
        from forum.logs import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="forum.logs.forget_request_id")
