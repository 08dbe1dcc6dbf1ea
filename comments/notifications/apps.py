from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "comments.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from comments.notifications import receivers  # noqa: F401  act on comments.signals
