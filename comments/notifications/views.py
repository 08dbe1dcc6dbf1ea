"""The inbox and a reader's choices: follow, mute, email. Every change is a POST that redirects back."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from comments.models import Comment, is_moderator
from comments.notifications.emails import unsubscribed_user_id
from comments.notifications.forms import EmailPreferenceForm
from comments.notifications.models import EmailPreference, Follow, Notification, ThreadMute, UserMute
from forum.articles.models import Article

INBOX_PAGE_SIZE = 30


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Where the form came from (a local `next`), else `default`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The reader's notifications, newest first. Template: notifications/inbox.html.

    Context: `page` (of Notification, each with its comment, author and article: two queries a page)
    and `moderator` (edited-comment notices link to the comment's history for moderators).
    """
    notices = Notification.objects.for_inbox(request.user)
    page = Paginator(notices, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "moderator": is_moderator(request.user)})


@require_POST
@login_required
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the reader's notifications read (or, with `unread`, unread again); another's is a 404."""
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if request.POST.get("unread"):
        Notification.objects.filter(pk=notice.pk).update(read_at=None)
    else:
        Notification.objects.filter(pk=notice.pk).mark_read()
    return _back(request, "notifications:inbox")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user).mark_read()
    messages.success(request, "Every notification is marked read.")
    return redirect("notifications:inbox")


@require_POST
@login_required
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    """Follow the article's discussion, or with `stop` stop following it (commenting there will not restart it)."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    following = not request.POST.get("stop")
    Follow.objects.update_or_create(user=request.user, article=article, defaults={"active": following})
    messages.success(request, "You follow this discussion." if following else "You no longer follow this discussion.")
    return _back(request, article.get_absolute_url())


@require_POST
@login_required
def mute_thread(request: HttpRequest, pk: int) -> HttpResponse:
    """Mute (or with `unmute`, unmute) the thread below a comment the reader can reach."""
    comment = get_object_or_404(Comment.objects.on_published_articles(), pk=pk)
    if request.POST.get("unmute"):
        ThreadMute.objects.filter(user=request.user, comment=comment).delete()
        messages.success(request, "This thread can notify you again.")
    else:
        ThreadMute.objects.get_or_create(user=request.user, comment=comment)
        messages.success(request, "Nothing posted below this comment will notify you.")
    return _back(request, comment.get_permalink())


@require_POST
@login_required
def mute_user(request: HttpRequest, pk: int) -> HttpResponse:
    """Mute (or with `unmute`, unmute) another reader: their comments stay visible and stop notifying."""
    other = get_object_or_404(get_user_model(), pk=pk)
    if other == request.user:
        return HttpResponseBadRequest("You cannot mute yourself.")
    if request.POST.get("unmute"):
        UserMute.objects.filter(user=request.user, muted=other).delete()
        messages.success(request, f"{other.get_username()} can notify you again.")
    else:
        UserMute.objects.get_or_create(user=request.user, muted=other)
        messages.success(request, f"{other.get_username()} will not notify you; their comments stay visible.")
    return _back(request, "notifications:settings")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Email choice, muted people and threads, followed articles. Template: notifications/settings.html.

    Context: `form` (EmailPreferenceForm), `user_mutes`, `thread_mutes`, `follows`.
    """
    initial = {"mode": EmailPreference.mode_for(request.user)}
    form = EmailPreferenceForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        EmailPreference.choose(request.user, form.cleaned_data["mode"])
        messages.success(request, "Your email choice is saved.")
        return redirect("notifications:settings")
    context = {
        "form": form,
        "user_mutes": UserMute.objects.filter(user=request.user).select_related("muted").order_by("muted__username"),
        "thread_mutes": ThreadMute.objects.filter(user=request.user).select_related("comment", "comment__author"),
        "follows": Follow.objects.filter(user=request.user, active=True).select_related("article"),
    }
    return render(request, "notifications/settings.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop notification email, no log-in needed. Template: notifications/unsubscribe.html.

    GET shows a button (link scanners open links, so a GET changes nothing); POST, with the page's CSRF
    token like every form here, turns email off.
    Context: `done` and `invalid`.
    """
    user_id = unsubscribed_user_id(token)
    if user_id is None or not get_user_model().objects.filter(pk=user_id).exists():
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    done = request.method == "POST"
    if done:
        EmailPreference.objects.update_or_create(user_id=user_id, defaults={"mode": EmailPreference.Mode.NEVER})
    return render(request, "notifications/unsubscribe.html", {"done": done, "token": token})
