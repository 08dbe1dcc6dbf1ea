"""Users in admin: superusers manage accounts as usual; moderators look users up and suspend them."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

User = get_user_model()
MODERATOR_FILTERS = ["is_active"]  # all a moderator may filter users by: nothing that says who holds power
admin.site.unregister(User)


@admin.register(User)
class ForumUserAdmin(UserAdmin):
    """Superusers manage accounts as usual; moderators only look users up and suspend them.

    A moderator never sees groups, permissions, staff or superuser flags, or the password hash,
    and cannot change any account: there is nothing here to grant themselves more with.
    """

    class Media:
        css = {"all": ["css/moderation-admin.css"]}  # long names and addresses wrap instead of widening the list

    moderator_fieldsets = [
        (None, {"fields": ["username"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        ("Standing", {"fields": ["is_active", "date_joined", "last_login", "suspended_until", "suspend_link"]}),
        ("Moderation", {"fields": ["comments_link", "history_link"]}),
    ]
    superuser_moderation_fields = ["suspended_until", "suspend_link", "comments_link", "history_link"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                active_suspension_until=Max(
                    "suspensions__until",
                    filter=Q(suspensions__lifted_at__isnull=True, suspensions__until__gt=timezone.now()),
                )
            )
        )

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            fieldsets = super().get_fieldsets(request, obj)
            if obj is None:
                return fieldsets  # the add form
            return [*fieldsets, ("Moderation", {"fields": self.superuser_moderation_fields})]
        return self.moderator_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.superuser_moderation_fields
        return [field for _, options in self.moderator_fieldsets for field in options["fields"]]

    def get_list_display(self, request):
        if request.user.is_superuser:
            return [*super().get_list_display(request), "suspended_until"]
        return ["username", "email", "date_joined", "last_login", "is_active", "suspended_until", "suspend_link"]

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return super().get_list_filter(request)
        return MODERATOR_FILTERS

    def lookup_allowed(self, lookup: str, value: str, request) -> bool:
        # Django allows a lookup on any field of the user itself: ?is_superuser=1, ?groups=1 or
        # ?password__startswith= would list who holds power, or test a hash. Refused: 400.
        if not request.user.is_superuser and lookup.split("__")[0] not in MODERATOR_FILTERS:
            return False
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description="suspended until")
    def suspended_until(self, user) -> str:
        until = getattr(user, "active_suspension_until", None)
        return f"{until:%Y-%m-%d %H:%M} UTC" if until else "—"

    @admin.display(description="suspend")
    def suspend_link(self, user) -> str:
        if user.pk is None:
            return ""
        return format_html('<a href="{}?user={}">suspend…</a>', reverse("admin:comments_suspension_add"), user.pk)

    @admin.display(description="comments")
    def comments_link(self, user) -> str:
        if user.pk is None:
            return ""
        url = reverse("admin:comments_comment_changelist")
        return format_html('<a href="{}?author={}">their comments</a>', url, user.pk)

    @admin.display(description="moderation history")
    def history_link(self, user) -> str:
        # Every logged action about them: their comments hidden or edited, suspensions and lifts.
        if user.pk is None:
            return ""
        url = reverse("admin:comments_moderationaction_changelist")
        return format_html('<a href="{}?target_user={}">actions about them</a>', url, user.pk)

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
