"""Forms for writing comments. They carry only the text (and a submission key):
the parent comes from the URL and the author from the session, never from the form."""

import uuid

from django import forms
from django.conf import settings
from django.template.defaultfilters import floatformat

from comments.validation import reject_control_characters


class CommentBodyForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        # No maxlength attribute: a browser would silently cut pasted text; the server says how much is too much.
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write something before posting: the comment is empty."},
        validators=[reject_control_characters],
    )

    def clean_body(self) -> str:
        # Browsers send line breaks as CRLF: count and keep each as one character.
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        limit = settings.COMMENT_MAX_LENGTH
        if len(body) > limit:
            raise forms.ValidationError(
                "A comment can be at most %(limit)s characters long; this one has %(length)s. "
                "Shorten it, or split it into two comments.",
                code="max_length",
                params={"limit": floatformat(limit, "g"), "length": floatformat(len(body), "g")},
            )
        return body


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
