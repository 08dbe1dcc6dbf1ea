"""A page's response with large assembled HTML (a thread: comments/assembly.py) put in after the template."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


def render_with_assembled(request, template_name: str, context: dict, **assembled: str | list[bytes]) -> HttpResponse:
    """render(), with large assembled HTML (a thread) put in after the template engine is done.

    The engine copies every string it outputs at each level of blocks and tags; a thread of
    thousands of comments would be copied a dozen times. The template gets a marker instead, and the
    response joins the pieces once.
    """
    markers = {name: mark_safe(f"<!--slot:{name}-->") for name in assembled}  # noqa: S308  (fixed text)
    html = render_to_string(template_name, {**context, **markers}, request)
    chunks: list[str | bytes] = []
    for name, value in assembled.items():  # in the order the template places them
        before, marker, after = html.partition(markers[name])
        if marker:  # a template may leave a slot out ({% if ancestors %})
            chunks += [before, *value] if isinstance(value, list) else [before, value]
            html = after
    return HttpResponse([*chunks, html])
