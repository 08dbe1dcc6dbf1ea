"""Accounts: sign-up, the look-alike username rule and the login brute-force guard.

Log in, log out, password change and password reset are Django's own views
(django.contrib.auth.urls) with the templates in templates/registration/.
"""

from axes.backends import AxesStandaloneBackend
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import UserCreationForm
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters

from forum.models import UsernameKey, username_key

User = get_user_model()

USERNAME_TAKEN = "That username is taken (or looks the same as one that is). Please choose another."


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' lock-out check for logins made through a web request.

    Logins without a request (the shell, the test client's login()) have no client
    address to count failures against, so they are left to the next backend.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str:
    """The address failures are counted against.

    Behind the reverse proxy (DJANGO_BEHIND_PROXY), the proxy appends the real client
    to X-Forwarded-For, so the last entry is the one no client can forge.
    """
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page shown instead of logging in while this account is locked for this address."""
    minutes = settings.LOGIN_COOLOFF_MINUTES
    response = render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.LOGIN_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


@receiver(post_save, sender=User, dispatch_uid="forum.accounts.keep_username_key")
def keep_username_key(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    """Every way of creating or renaming a user (sign-up, admin, createsuperuser) keeps the key."""
    if created or update_fields is None or "username" in update_fields:
        UsernameKey.objects.update_or_create(user=instance, defaults={"key": username_key(instance.get_username())})


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
