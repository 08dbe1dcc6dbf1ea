"""Admin query strings with a control character are refused (400) before any admin view reads them.

Every admin page reads its query string somewhere: a changelist's filters and search, an add
form's initial values, the autocomplete's term. PostgreSQL refuses NUL in text outright, which
would surface as a 500 from whichever of those first reaches the database; other control
characters are junk or an attack there too. One check here covers every admin URL, present and future.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from comments.validation import find_control_character


def control_character_in_query(request: HttpRequest) -> str | None:
    """A sentence naming the first parameter with a control character in its name or value, or None."""
    for name, values in request.GET.lists():
        for text in (name, *values):
            found = find_control_character(text)
            if found is not None:
                shown = "".join(c for c in name if find_control_character(c) is None)[:40]
                return (
                    f"The parameter “{shown}” has a control character (U+{ord(found):04X}); remove it from the address."
                )
    return None


class AdminQueryGuardMiddleware:
    """Answers 400 with the reason to an admin request whose query string has a control character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.admin_prefix = reverse("admin:index")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.admin_prefix):
            reason = control_character_in_query(request)
            if reason is not None:
                html = render_to_string("400.html", {"site_name": settings.SITE_NAME, "reason": reason})
                return HttpResponse(html, status=400)
        return self.get_response(request)
