"""Moderation in Django admin, a module per job: comments, the report queue and reports, suspensions,
the moderation log, and articles as moderators see them (their discussions' counts, closing them).
Every one of them is a ModerationAdmin (base.py: filters only by what its sidebar offers); the
query_guard middleware refuses control characters in any admin address.

Every change a moderator makes goes through a model verb (comment.hide, report.resolve,
Suspension.suspend...) that writes a ModerationAction row; nothing here saves a comment
directly, and nothing deletes one except a superuser, through Comment.delete_tree.
User text is only ever shown as plain strings or through format_html arguments, both escaped.
"""

from django.conf import settings
from django.contrib import admin

from comments.admin import (  # noqa: F401  register them
    appeals,
    articles,
    comments,
    moderation_log,
    moderation_reasons,
    reports,
    suspensions,
)

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Moderation and site administration"
# The app list beside every page takes a third of a 1,280 px window from the lists moderators work in;
# the breadcrumbs and the index lead to every list as well.
admin.site.enable_nav_sidebar = False
