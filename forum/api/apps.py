from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only JSON API: the same discussions and people the pages show, for programs."""

    name = "forum.api"
    label = "api"
    verbose_name = "JSON API"
