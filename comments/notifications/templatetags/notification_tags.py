"""Follow and mute controls for pages outside this app: one small query each, for signed-in readers
only (none for an article read with `is_following`: forum/pages/reader_state.py)."""

from django import template

from comments.notifications.models import Follow, ThreadMute

register = template.Library()


@register.inclusion_tag("notifications/_follow_form.html", takes_context=True)
def follow_form(context, article) -> dict:
    user = context["request"].user
    if not user.is_authenticated:
        return {"show": False}
    following = getattr(article, "following", None)  # annotated by the page's own query (is_following)
    if following is None:
        following = Follow.objects.filter(user=user, article=article, active=True).exists()
    return {"show": True, "article": article, "following": following, "next": context["request"].get_full_path()}


@register.inclusion_tag("notifications/_thread_mute_form.html", takes_context=True)
def thread_mute_form(context, comment) -> dict:
    user = context["request"].user
    if not user.is_authenticated:
        return {"show": False}
    muted = ThreadMute.objects.filter(user=user, comment=comment).exists()
    return {"show": True, "comment": comment, "muted": muted, "next": context["request"].get_full_path()}
