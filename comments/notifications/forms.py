from django import forms

from comments.notifications.models import EmailPreference

NO_ADDRESS = "Add an email address to your account first: there is nowhere to send it."


class EmailPreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        label="Email me about replies and mentions",
        choices=EmailPreference.Mode.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_mode(self) -> str:
        mode = self.cleaned_data["mode"]
        if mode != EmailPreference.Mode.NEVER and not self.user.email:
            raise forms.ValidationError(NO_ADDRESS)
        return mode
