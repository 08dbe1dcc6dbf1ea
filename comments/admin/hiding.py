"""Hiding with a reason: the form and the two-step page every hide action in admin goes through."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from comments.forms import PlainTextField
from comments.models import Comment, Report
from comments.validation import reject_control_characters

PUBLIC_REASON_MAX_LENGTH = Comment._meta.get_field("public_reason").max_length


def clean_text(value: str) -> str:
    value = value.strip()
    reject_control_characters(value)
    return value


class HideForm(forms.Form):
    reason = PlainTextField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Recorded in the moderation log.",
    )
    public = forms.BooleanField(
        required=False,
        label="Show this reason to readers",
        help_text=(
            f"The placeholder then reads “removed by a moderator: <reason>”. "
            f"At most {PUBLIC_REASON_MAX_LENGTH} characters."
        ),
    )

    def clean_reason(self) -> str:
        return clean_text(self.cleaned_data["reason"])

    def clean(self) -> dict:
        data = super().clean()
        reason = data.get("reason", "")
        if data.get("public") and len(reason) > PUBLIC_REASON_MAX_LENGTH:
            self.add_error(
                "reason",
                f"A reason shown to readers is at most {PUBLIC_REASON_MAX_LENGTH} characters "
                f"(this one has {len(reason)}); shorten it or keep it in the log only.",
            )
        return data


def hide_with_reason(modeladmin, request, queryset, *, action: str, title: str):
    """Two steps: a page asking for the reason, then the hide when that page is sent.

    Open reports on the comments are resolved with it: hiding is acting on them. Returns None
    once done (an admin action then goes back to the list), else the page to show.
    """
    form = HideForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        comments = queryset.model.objects.filter(pk__in=queryset.values("pk"))
        hidden = comments.hide(by=request.user, **form.cleaned_data)
        message = f"Hid {len(hidden)} comment{'s' if len(hidden) != 1 else ''}."
        resolved = (
            Report.objects.filter(comment__in=comments)
            .open()
            .resolve(by=request.user, reason=form.cleaned_data["reason"])
        )
        if resolved:
            message += f" Resolved {resolved} report{'s' if resolved != 1 else ''}."
        modeladmin.message_user(request, message, messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "comments": queryset.select_related("author", "article"),
        "opts": modeladmin.model._meta,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/comments/hide_comments.html", context, status=400 if form.errors else 200)
