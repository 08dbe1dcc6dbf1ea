"""Log-in's brute-force guard (django-axes). Log in, log out, password change and reset are
Django's own views (django.contrib.auth.urls) with the templates in templates/registration/."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' lock-out check for logins made through a web request.

    Logins without a request (the shell, the test client's login()) have no client
    address to count failures against, so they are left to the next backend.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


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
