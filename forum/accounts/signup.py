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

from forum.accounts.addresses import client_ip
from forum.accounts.models import UsernameKey
from forum.accounts.names import USERNAME_TAKEN, username_key, username_refusal
from forum.throttle.window import Exceeded, Window, take

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
        if username and (refusal := username_refusal(username)):
            raise forms.ValidationError(refusal, code="invalid")
        if username and UsernameKey.objects.filter(key=username_key(username)).exists():
            raise forms.ValidationError(USERNAME_TAKEN, code="unique")
        return super().clean_username()


def per_address() -> Window:
    return Window("signup-address", settings.SIGNUPS_PER_ADDRESS_PER_HOUR, 3600)


def site_wide() -> Window:
    return Window("signup-site", settings.SIGNUPS_PER_MINUTE, 60)


def too_many(exceeded: Exceeded) -> str:
    wait = exceeded.retry_after
    when = f"{wait} second{'s' if wait != 1 else ''}" if wait < 120 else f"{round(wait / 60)} minutes"
    if exceeded.window.name == per_address().name:
        why = f"At most {exceeded.window.limit} accounts an hour can be opened from one network address."
    else:
        why = "More accounts than usual are being opened on the site right now."
    return f"{why} Please try again in {when}; what you typed is kept."


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
    retry_after = None
    if form.is_bound and form.is_valid():
        try:
            with transaction.atomic():
                # Counted with the account, in its transaction: a sign-up that fails costs no window anything.
                take((per_address(), client_ip(request)), (site_wide(), "all"))
                user = form.save()
        except Exceeded as exceeded:
            form.add_error(None, too_many(exceeded))
            retry_after = exceeded.retry_after
        except IntegrityError:
            # A concurrent sign-up took the same (or a look-alike) name after our check.
            form.add_error("username", USERNAME_TAKEN)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(safe_next(request) or settings.LOGIN_REDIRECT_URL)
    status = 429 if retry_after else (400 if request.method == "POST" else 200)
    response = render(request, "registration/signup.html", {"form": form, "next": safe_next(request)}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response
