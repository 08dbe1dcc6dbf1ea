"""The client address a request is counted against (log-in failures, rate limits, audit lines)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """Behind the reverse proxy (DJANGO_BEHIND_PROXY), the proxy appends the real client
    to X-Forwarded-For, so the last entry is the one no client can forge."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")
