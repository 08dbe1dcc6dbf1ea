"""A reader's own account: the page, the download of their data, and closing the account."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from forum.people.account_data import account_data
from forum.people.erasure import delete_account


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    comments = forms.ChoiceField(
        choices=[
            ("keep", 'Keep my comments in their threads, shown as by "[deleted account]"'),
            ("empty", "Empty my comments too: they show as [deleted], their replies stay"),
        ],
        initial="keep",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The reader's own account. Template: people/account.html. Context: `delete_form`."""
    return render(request, "people/account.html", {"delete_form": DeleteAccountForm(user=request.user)})


@require_POST
@login_required
def download(request: HttpRequest) -> HttpResponse:
    """Everything the forum holds about the reader, as a JSON file (POST: it is theirs alone, never a link to share)."""
    text = json.dumps(account_data(request.user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(text, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="my-threads-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def delete(request: HttpRequest) -> HttpResponse:
    """Close the account after the password is confirmed. Template: people/account.html (400 with the form's errors)."""
    if request.method == "GET":
        return redirect("people:account")
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "people/account.html", {"delete_form": form}, status=400)
    user = request.user
    logout(request)
    delete_account(user, empty_comments=form.cleaned_data["comments"] == "empty")
    messages.success(request, "Your account is closed.")
    return redirect("forum:front_page")
