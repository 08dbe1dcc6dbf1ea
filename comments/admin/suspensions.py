"""Suspensions: a moderator stops an account posting until a date; lifted, never rewritten or deleted."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from comments.admin.base import ModerationAdmin
from comments.admin.hiding import clean_text
from comments.forms import PlainTextField
from comments.models import Suspension
from comments.models.suspension import in_force_now


class SuspensionForm(forms.ModelForm):
    suspended_by = None  # the requesting user, set by SuspensionAdmin.get_form

    class Meta:
        model = Suspension
        fields = ["user", "until", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3, "cols": 60})}
        field_classes = {"reason": PlainTextField}
        help_texts = {"reason": "Shown to the user when they try to post, edit or report, and kept in the log."}

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return until

    def clean_reason(self) -> str:
        reason = clean_text(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError("Give a reason: the user is told it.")
        return reason

    def clean(self) -> dict:
        data = super().clean()
        user = data.get("user")
        if user is not None and self.suspended_by is not None:
            refusal = Suspension.suspend_refusal(user, by=self.suspended_by)
            if refusal:
                self.add_error("user", refusal)
        return data


class SuspensionStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "active"), ("over", "lifted or ended")]

    def queryset(self, request, queryset):
        active = in_force_now()
        if self.value() == "active":
            return queryset.filter(active)
        if self.value() == "over":
            return queryset.exclude(active)
        return queryset


@admin.register(Suspension)
class SuspensionAdmin(ModerationAdmin):
    form = SuspensionForm
    list_display = ["user", "until", "reason", "created_by", "created", "status"]
    list_filter = [SuspensionStatusFilter, "until"]
    search_fields = ["user__username", "reason"]
    list_select_related = ["user", "created_by"]
    autocomplete_fields = ["user"]
    actions = ["lift_suspensions"]

    @admin.display(description="status")
    def status(self, suspension: Suspension) -> str:
        if suspension.lifted_at:
            return f"lifted {suspension.lifted_at:%Y-%m-%d %H:%M}"
        return "active" if suspension.is_active else "ended"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"suspended_by": request.user})

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "until", "reason"]
        return ["user", "until", "reason", "created_by", "created", "lifted_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)  # a suspension is lifted, never rewritten

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # kept after it ends: the history of a user's standing

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return
        created = Suspension.suspend(obj.user, until=obj.until, reason=obj.reason, by=request.user)
        obj.pk, obj.created_by, obj.created = created.pk, created.created_by, created.created

    @admin.action(description="Lift the selected suspensions now", permissions=["change"])
    def lift_suspensions(self, request, queryset) -> None:
        lifted = sum(suspension.lift(by=request.user) for suspension in queryset)
        self.message_user(request, f"Lifted {lifted} suspension{'s' if lifted != 1 else ''}.", messages.SUCCESS)
