"""Filters to one user, which a user's admin page links to: their comments, the log about them.

They show in the sidebar only once chosen (a list of every user would be useless there), and a
value that is not an id is ignored rather than sent to the database.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model


def user_id(value: str | None) -> int | None:
    if value and len(value) <= 18 and value.isascii() and value.isdecimal():
        return int(value)
    return None


class OneUserFilter(admin.SimpleListFilter):
    field = ""  # the foreign key to the user, set by each subclass

    def lookups(self, request, model_admin):
        pk = user_id(self.value())
        user = get_user_model().objects.filter(pk=pk).first() if pk is not None else None
        return [(str(pk), user.get_username())] if user else []

    def queryset(self, request, queryset):
        pk = user_id(self.value())
        return queryset.filter(**{self.field: pk}) if pk is not None else queryset


class AuthorFilter(OneUserFilter):
    title = "author"
    parameter_name = "author"
    field = "author_id"


class AboutUserFilter(OneUserFilter):
    title = "about user"
    parameter_name = "target_user"
    field = "target_user_id"
