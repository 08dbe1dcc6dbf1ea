from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "forum.throttle"
    label = "throttle"
    verbose_name = "rate limits"
    default_auto_field = "django.db.models.BigAutoField"
