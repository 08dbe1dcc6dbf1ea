"""Forms for writing comments and reports. They carry only text (and a submission key): the parent
comes from the URL and the author from the session, never from the form."""

import uuid

from django import forms
from django.conf import settings
from django.template.defaultfilters import floatformat

from comments.models import Report
from comments.validation import normalise_line_endings, reject_control_characters


class PlainTextField(forms.CharField):
    """Text from a textarea: browsers send its line breaks as CRLF, stored and counted here as one LF."""

    def to_python(self, value) -> str:
        return normalise_line_endings(super().to_python(value))


class CommentBodyField(PlainTextField):
    """A comment's text, the one statement of what a body may be: every form that takes one uses it
    (readers' forms and the moderators' admin alike)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", "Your comment")
        # No maxlength attribute: a browser would silently cut pasted text; the server says how much is too much.
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        kwargs.setdefault("error_messages", {"required": "Write something before posting: the comment is empty."})
        super().__init__(validators=[reject_control_characters], **kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        limit = settings.COMMENT_MAX_LENGTH
        if len(value) > limit:
            raise forms.ValidationError(
                "A comment can be at most %(limit)s characters long; this one has %(length)s. "
                "Shorten it, or split it into two comments.",
                code="max_length",
                params={"limit": floatformat(limit, "g"), "length": floatformat(len(value), "g")},
            )


class CommentBodyForm(forms.Form):
    body = CommentBodyField()


class CommentForm(CommentBodyForm):
    """A new comment or reply. `submission_key` is made when the form is shown and sent back
    with it, so a resent form (double click, reload, retry) finds its comment instead of adding one."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", str(uuid.uuid4()))

    def clean_submission_key(self) -> uuid.UUID | None:
        # A missing or mangled key costs only the double-submit protection, never the comment.
        try:
            return uuid.UUID(self.cleaned_data["submission_key"])
        except ValueError:
            return None

    def with_new_key(self) -> "CommentForm":
        """The same text in a form with a fresh key: the old key already made a different comment.
        Bound, as a refused post's form is, so the page shows it to post again rather than only the refusal."""
        body = self.cleaned_data.get("body", self.data.get("body", ""))
        return CommentForm(data={"body": body, "submission_key": str(uuid.uuid4())})


class ReportForm(forms.Form):
    """What a reader fills in to report a comment to the moderators."""

    reason = forms.ChoiceField(
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        label="What is wrong with this comment?",
        error_messages={"required": "Choose a reason."},
    )
    details = PlainTextField(
        max_length=Report._meta.get_field("details").max_length,
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Details",
        help_text="Needed for “other”; optional otherwise. Only the moderators read it.",
        validators=[reject_control_characters],
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("reason") == Report.Reason.OTHER and not data.get("details"):
            self.add_error("details", "Say what is wrong: “other” needs a few words.")
        return data
