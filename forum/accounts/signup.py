"""Sign-up: make an account, with a name no reader could mistake for another's, and log in to it."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import UserCreationForm
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters

from forum.accounts.models import UsernameKey
from forum.accounts.names import USERNAME_TAKEN, username_key

User = get_user_model()


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False, help_text="Optional: only used to reset a forgotten password. Never shown to anyone."
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_username(self) -> str:
        username = self.cleaned_data.get("username")  # already NFKC-normalised by the field
        if username and UsernameKey.objects.filter(key=username_key(username)).exists():
            raise forms.ValidationError(USERNAME_TAKEN, code="unique")
        return super().clean_username()


def safe_next(request: HttpRequest) -> str | None:
    """The `next` URL of the request, if it points into this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    """Create an account and log in to it. Template: registration/signup.html (form, next)."""
    if request.user.is_authenticated:
        return redirect(safe_next(request) or settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST) if request.method == "POST" else SignUpForm()
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:
            # A concurrent sign-up took the same (or a look-alike) name after our check.
            form.add_error("username", USERNAME_TAKEN)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(safe_next(request) or settings.LOGIN_REDIRECT_URL)
    status = 400 if request.method == "POST" else 200
    return render(request, "registration/signup.html", {"form": form, "next": safe_next(request)}, status=status)
