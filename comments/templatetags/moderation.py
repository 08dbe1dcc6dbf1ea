from django import template

from comments import models

register = template.Library()


@register.filter
def is_moderator(user) -> bool:
    """`{% if user|is_moderator %}`: the same test the views use (permissions are cached on the user)."""
    return models.is_moderator(user)
