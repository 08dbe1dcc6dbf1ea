from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """People's pages and each reader's own account page: the top layer, composing accounts and comments."""

    name = "forum.people"
    label = "people"
    verbose_name = "People"
