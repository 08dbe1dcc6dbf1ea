"""Moderation in the open: the public moderation log, a comment's public edit history, and appeals."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from comments.models import Appeal, AppealRefused, Comment, ModerationAction, is_moderator
from comments.models.appeal import APPEAL_MAX_LENGTH
from comments.rendering import rendered
from comments.validation import reject_control_characters

# What the public log lists: actions on what readers saw. Suspensions name no one here.
PUBLIC_ACTIONS = [
    ModerationAction.Kind.HIDE,
    ModerationAction.Kind.UNHIDE,
    ModerationAction.Kind.EDIT,
    ModerationAction.Kind.HOLD,
    ModerationAction.Kind.UPHOLD_APPEAL,
    ModerationAction.Kind.RESTORE_ON_APPEAL,
    ModerationAction.Kind.CLOSE_COMMENTS,
    ModerationAction.Kind.REOPEN_COMMENTS,
    ModerationAction.Kind.LOCK_REPLIES,
    ModerationAction.Kind.UNLOCK_REPLIES,
    ModerationAction.Kind.SUSPEND,
    ModerationAction.Kind.UNSUSPEND,
]
LOG_PAGE_SIZE = 50


def moderation_log(request: HttpRequest) -> HttpResponse:
    """What the moderators did, newest first. Template: comments/moderation_log.html.

    Context: `page` of ModerationAction rows with their article, and `names_moderators`
    (FORUM_PUBLIC_LOG_NAMES_MODERATORS). The template shows the action, the time, the article
    and the public reason only: never the private reason, the comment's text or who wrote it.
    """
    entries = (
        ModerationAction.objects.filter(action__in=PUBLIC_ACTIONS)
        .select_related("article", "moderator")
        .only("action", "created", "public_reason", "article__title", "article__slug", "moderator__username")
    )
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "names_moderators": settings.PUBLIC_LOG_NAMES_MODERATORS}
    return render(request, "comments/moderation_log.html", context)


def history(request: HttpRequest, pk: int) -> HttpResponse:
    """A visible comment's earlier texts written by its author. Template: comments/history.html.

    Context: `comment` and `versions`, [(time replaced, HTML)], newest first. A text a moderator
    replaced stays with the moderators: only texts the author replaced are shown.
    """
    comment = get_object_or_404(Comment.objects.on_published_articles().select_related("article"), pk=pk)
    if not comment.is_visible and not is_moderator(request.user):
        raise Http404("No comment here.")
    revisions = comment.revisions.filter(edited_by_id=comment.author_id).exclude(edited_by=None)
    versions = [(revision.replaced_at, rendered(revision.body, comment.markup)) for revision in revisions]
    return render(request, "comments/history.html", {"comment": comment, "versions": versions})


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why should this comment be shown again?",
        max_length=APPEAL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        validators=[reject_control_characters],
        error_messages={"required": "Say in a few words why the removal was wrong."},
    )


@require_http_methods(["GET", "POST"])
@login_required
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """The author of a removed comment appeals its removal, once per removal. Template: comments/appeal.html.

    Context: `comment`, `appeals` (the author's earlier appeals on it, with their decisions),
    and `form` or `refusal`. Only the comment's author gets anything but a 404 here.
    """
    comment = get_object_or_404(Comment.objects.on_published_articles().select_related("article"), pk=pk)
    if comment.author_id != request.user.pk:
        raise Http404("No comment of yours here.")
    refusal = Appeal.refusal(comment, request.user)
    form = AppealForm(request.POST if request.method == "POST" and not refusal else None)
    if form.is_valid():
        try:
            Appeal.file(comment, by=request.user, text=form.cleaned_data["text"])
        except AppealRefused as refused:
            refusal = str(refused)
        else:
            messages.success(request, "Your appeal is with the moderators. Their decision will show on this page.")
            return redirect("comments:appeal", pk=comment.pk)
    context = {"comment": comment, "appeals": comment.appeals.all(), "form": form, "refusal": refusal}
    status = 403 if refusal and request.method == "POST" else (400 if form.errors else 200)
    return render(request, "comments/appeal.html", context, status=status)
