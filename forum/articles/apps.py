from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    """Articles: what every discussion hangs from, the bottom layer with accounts."""

    name = "forum.articles"
    label = "forum"  # the label its tables and migrations were made under
    verbose_name = "Articles"
