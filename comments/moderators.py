"""The moderators' group: a staff user in it can do exactly what moderation needs, and nothing more.

The group is defined here, in code, and brought in line with this list after every `migrate`
(a post_migrate handler, because permissions do not exist yet inside a data migration on a
fresh database). Permissions added to it by hand are removed on the next migrate.
"""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, transaction

MODERATORS_GROUP = "Moderators"

# (app label, codename). No add/delete of comments or articles, nothing on users but viewing,
# nothing on groups or permissions: a moderator cannot grant themselves more.
MODERATOR_PERMISSIONS = [
    ("comments", "view_comment"),
    ("comments", "change_comment"),
    ("comments", "hide_comment"),
    ("comments", "view_commentrevision"),
    ("comments", "view_report"),
    ("comments", "change_report"),
    ("comments", "view_suspension"),
    ("comments", "add_suspension"),
    ("comments", "change_suspension"),
    ("comments", "view_moderationaction"),
    ("comments", "view_moderationreason"),
    ("comments", "add_moderationreason"),
    ("comments", "change_moderationreason"),
    ("forum", "view_article"),
    ("forum", "change_article"),
    ("auth", "view_user"),
]


def ensure_moderators_group(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS, **kwargs):
    """Create the Moderators group, or reset it to exactly MODERATOR_PERMISSIONS."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    labels = {label for label, _ in MODERATOR_PERMISSIONS}
    for label in labels:
        # The permissions of an app migrated in this same run may not have been made yet.
        app_config = global_apps.get_app_config(label)
        create_contenttypes(app_config, verbosity=0, using=using, apps=apps)
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    wanted = [
        permission
        for label, codename in MODERATOR_PERMISSIONS
        for permission in Permission.objects.using(using).filter(content_type__app_label=label, codename=codename)
    ]
    if len(wanted) != len(MODERATOR_PERMISSIONS):
        return None  # a partial migrate (`migrate auth`): the next full one makes the group
    with transaction.atomic(using=using):
        group, _ = Group.objects.using(using).get_or_create(name=MODERATORS_GROUP)
        group.permissions.set(wanted)
    return group


def make_moderator(user) -> None:
    """Staff, so they can log in to admin, and in the group, which says what they may do there."""
    from django.contrib.auth.models import Group

    # A database migrated before the group existed gets it now rather than an error.
    group = Group.objects.filter(name=MODERATORS_GROUP).first() or ensure_moderators_group()
    if group is None:
        raise ImproperlyConfigured("The Moderators group cannot be made: run `manage.py migrate` first.")
    user_model = get_user_model()
    user_model.objects.filter(pk=user.pk).update(is_staff=True)
    user.is_staff = True
    user.groups.add(group)
