from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Discussion"

    def ready(self) -> None:
        from comments import receivers  # noqa: F401  act on articles' changes (forum.articles.signals)
        from comments.models.moderation_reason import ensure_default_reasons
        from comments.moderators import ensure_moderators_group

        # After this app's migrations, when every permission the group needs exists.
        post_migrate.connect(ensure_moderators_group, sender=self, dispatch_uid="comments.moderators_group")
        post_migrate.connect(ensure_default_reasons, sender=self, dispatch_uid="comments.default_reasons")
