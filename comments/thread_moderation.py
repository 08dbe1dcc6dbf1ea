"""Moderating from the thread: hide or unhide a comment, lock or unlock replies below it, suspend its
author, each from a small form page (comments/moderate.html) that static/js/moderation.js opens in
place. Every action is a model verb, which writes the moderation log as admin's do; a view only asks
who may, reads the form and says what happened.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from comments import moderation_forms as forms
from comments.models import Comment, Report, Suspension, SuspensionRefused
from comments.moderator_actions import actions_allowed


@dataclass(frozen=True)
class Action:
    title: str  # the page's heading and the button's words
    form: type
    # (comment, moderator, cleaned data) -> what happened, in a sentence; raises PermissionDenied to refuse.
    perform: Callable[[Comment, object, dict], str]
    refusal: Callable[[Comment, object], str | None] = lambda comment, user: None


def _hide(comment: Comment, user, data: dict) -> str:
    if not comment.hide(by=user, reason=data["reason"], public=data["public"]):
        return "The comment was not visible: nothing changed."
    # As in admin: hiding a comment is acting on its reports.
    resolved = Report.objects.filter(comment=comment).open().resolve(by=user, reason=data["reason"])
    if not resolved:
        return "Hid the comment."
    return f"Hid the comment. Resolved {resolved} report{'s' if resolved != 1 else ''}."


def _unhide(comment: Comment, user, data: dict) -> str:
    if comment.unhide(by=user, reason=data["reason"]):
        return "Unhid the comment: readers see it again."
    return "The comment was not hidden: nothing changed."


def _lock(comment: Comment, user, data: dict) -> str:
    if comment.lock_replies(by=user, reason=data["reason"]):
        return "Locked replies below the comment."
    return "Replies below the comment were locked already."


def _unlock(comment: Comment, user, data: dict) -> str:
    if comment.unlock_replies(by=user, reason=data["reason"]):
        return "Unlocked replies below the comment."
    return "Replies below the comment were not locked: nothing changed."


def _suspension_refusal(comment: Comment, user) -> str | None:
    if comment.author is None:
        return "This comment has no account behind it (an imported or anonymous comment): there is no one to suspend."
    return Suspension.suspend_refusal(comment.author, by=user)


def _suspend(comment: Comment, user, data: dict) -> str:
    try:
        suspension = Suspension.suspend(comment.author, until=data["until"], reason=data["reason"], by=user)
    except SuspensionRefused as refused:
        raise PermissionDenied(str(refused)) from None
    length = "permanently" if suspension.is_permanent else f"until {suspension.until:%Y-%m-%d %H:%M} UTC"
    return f"Suspended {comment.author.get_username()} {length}."


ACTIONS = {
    "hide": Action("Hide this comment", forms.HideForm, _hide),
    "unhide": Action("Unhide this comment", forms.UnhideForm, _unhide),
    "lock_replies": Action("Lock replies below this comment", forms.LockForm, _lock),
    "unlock_replies": Action("Unlock replies below this comment", forms.UnlockForm, _unlock),
    "suspend_author": Action("Suspend the author", forms.SuspendForm, _suspend, _suspension_refusal),
}


def _view(name: str) -> Callable:
    action = ACTIONS[name]

    @require_http_methods(["GET", "POST"])
    @login_required
    def moderate(request: HttpRequest, pk: int) -> HttpResponse:
        """GET: the form for one comment; POST: act, then back to the comment's own page (or JSON for
        the page's script: {"message", "location"}). Context: `comment`, `action`, `form`, `refusal`."""
        user = request.user
        if name not in actions_allowed(user):
            raise PermissionDenied("Only moderators can do this.")
        comment = get_object_or_404(Comment.objects.select_related("article", "author"), pk=pk)
        refusal = action.refusal(comment, user)
        form = action.form(request.POST if request.method == "POST" and not refusal else None)
        if form.is_valid():
            try:
                message = action.perform(comment, user, form.cleaned_data)
            except PermissionDenied as refused:
                refusal = str(refused)
            else:
                location = f"{comment.get_permalink()}#c{comment.pk}"
                if request.headers.get("Accept", "").startswith("application/json"):
                    return JsonResponse({"message": message, "location": location})
                messages.success(request, message)
                return redirect(location)
        context = {"comment": comment, "action": action, "url_name": name, "form": form, "refusal": refusal}
        if name == "suspend_author" and comment.author is not None:
            context["suspension"] = Suspension.active_for(comment.author)
        status = 403 if refusal and request.method == "POST" else (400 if form.errors else 200)
        return render(request, "comments/moderate.html", context, status=status)

    moderate.__name__ = moderate.__qualname__ = name
    return moderate


hide = _view("hide")
unhide = _view("unhide")
lock_replies = _view("lock_replies")
unlock_replies = _view("unlock_replies")
suspend_author = _view("suspend_author")
