from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The site's pages, which compose articles and their discussions: the top layer."""

    name = "forum.pages"
    label = "pages"
    verbose_name = "Pages"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from forum.logs import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="forum.logs.forget_request_id")
