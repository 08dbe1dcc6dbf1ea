"""The forms a moderator fills in from a thread: a reason (a preset or their own words) for each action,
whether readers see it, and how long a suspension lasts."""

from django import forms

from comments.forms import PlainTextField
from comments.models import Comment, ModerationReason, Suspension, SuspensionLength
from comments.models.reply_lock import REASON_MAX_LENGTH as LOCK_REASON_MAX_LENGTH
from comments.validation import reject_control_characters

PUBLIC_REASON_MAX_LENGTH = Comment._meta.get_field("public_reason").max_length
SUSPENSION_REASON_MAX_LENGTH = Suspension._meta.get_field("reason").max_length
NOTE_MAX_LENGTH = 200


def _clean_text(value: str) -> str:
    value = value.strip()
    reject_control_characters(value)
    return value


class ReasonForm(forms.Form):
    """A preset reason, or one typed; typed words win. `reason_required` says whether either is needed."""

    preset = forms.ChoiceField(label="Reason", required=False)
    reason = PlainTextField(label="Or in your own words", required=False, max_length=500)
    reason_required = True
    shown_to_readers = False  # the reason is always public (a lock's notice): held to the public length
    public_max_length = PUBLIC_REASON_MAX_LENGTH

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "id_moderation_%s")  # apart from the page's own forms when shown in place
        super().__init__(*args, **kwargs)
        offered = [(reason.text, reason.text) for reason in ModerationReason.objects.offered()]
        self.fields["preset"].choices = [("", "(choose a reason, or type one below)"), *offered]
        if not self.reason_required:
            self.fields["preset"].label = "Reason (optional)"

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        reason = _clean_text(data.get("reason", "")) or data.get("preset", "")
        if self.reason_required and not reason:
            self.add_error("reason", "Choose a reason from the list or type one: it goes in the moderation log.")
        elif (self.shown_to_readers or data.get("public")) and len(reason) > self.public_max_length:
            self.add_error(
                "reason",
                f"A reason shown to readers is at most {self.public_max_length} characters "
                f"(this one has {len(reason)}): shorten it.",
            )
        data["reason"] = reason
        return data


class HideForm(ReasonForm):
    public = forms.BooleanField(
        required=False,
        label="Show the reason to readers",
        help_text="The placeholder then reads “removed by a moderator: <reason>”.",
    )


class UnhideForm(ReasonForm):
    reason_required = False


class LockForm(ReasonForm):
    shown_to_readers = True
    public_max_length = LOCK_REASON_MAX_LENGTH


class UnlockForm(ReasonForm):
    reason_required = False


class SuspendForm(ReasonForm):
    length = forms.ChoiceField(
        label="Suspend for", choices=SuspensionLength.choices, initial=SuspensionLength.DAY, widget=forms.RadioSelect
    )
    note = PlainTextField(
        label="Note to the user (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text="Added to the reason the user is shown when they try to write, and kept in the log.",
    )

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        note = _clean_text(data.get("note", ""))
        data["reason"] = f"{data['reason']}. {note}" if note else data["reason"]
        data["until"] = SuspensionLength(data["length"]).until()
        if len(data["reason"]) > SUSPENSION_REASON_MAX_LENGTH:
            self.add_error(
                "note", f"The reason and note together are at most {SUSPENSION_REASON_MAX_LENGTH} characters."
            )
        return data
