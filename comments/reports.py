"""The form a reader fills in to report a comment to the moderators."""

from django import forms

from comments.models import Report
from comments.validation import reject_control_characters


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        label="What is wrong with this comment?",
        error_messages={"required": "Choose a reason."},
    )
    details = forms.CharField(
        max_length=Report._meta.get_field("details").max_length,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Details",
        help_text="Needed for “other”; optional otherwise. Only the moderators read it.",
    )

    def clean_details(self) -> str:
        details = self.cleaned_data["details"]
        reject_control_characters(details)
        return details

    def clean(self) -> dict:
        data = super().clean()
        if data.get("reason") == Report.Reason.OTHER and not data.get("details"):
            self.add_error("details", "Say what is wrong: “other” needs a few words.")
        return data
