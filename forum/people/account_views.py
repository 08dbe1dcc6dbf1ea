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


class EmailForm(forms.Form):
    email = forms.EmailField(label="New email address", required=False)
    password = forms.CharField(
        label="Your password, to confirm", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, auto_id="email_%s", **kwargs)  # the page's other form has a password field too
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


def _account_page(request: HttpRequest, *, email_form=None, delete_form=None, status: int = 200) -> HttpResponse:
    context = {
        "email_form": email_form or EmailForm(user=request.user, initial={"email": request.user.email}),
        "delete_form": delete_form or DeleteAccountForm(user=request.user),
    }
    return render(request, "people/account.html", context, status=status)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The reader's own account. Template: people/account.html. Context: `email_form`, `delete_form`."""
    return _account_page(request)


@require_POST
@login_required
def change_email(request: HttpRequest) -> HttpResponse:
    """Change (or remove) the account's email, confirmed with the password. Template: people/account.html on errors."""
    form = EmailForm(request.POST, user=request.user)
    if not form.is_valid():
        return _account_page(request, email_form=form, status=400)
    request.user.email = form.cleaned_data["email"]
    request.user.save(update_fields=["email"])
    messages.success(request, "Your email address is changed.")
    return redirect("people:account")


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
        return _account_page(request, delete_form=form, status=400)
    user = request.user
    logout(request)
    delete_account(user, empty_comments=form.cleaned_data["comments"] == "empty")
    messages.success(request, "Your account is closed.")
    return redirect("forum:front_page")
