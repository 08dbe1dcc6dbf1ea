import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comments.moderators import make_moderator


class Command(BaseCommand):
    help = (
        "Make USERNAME a moderator: a staff user in the Moderators group, who can hide, edit and unhide "
        "comments, handle reports, close comments and suspend users in admin, and nothing more. An existing "
        "account keeps its password; a new one gets a random password, printed once (or none with "
        "--no-password: set one later with `manage.py changepassword`)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="", help="e-mail address for a new account")
        parser.add_argument("--no-password", action="store_true", help="create a new account with no usable password")
        parser.add_argument("--dry-run", action="store_true", help="say what would happen, change nothing")

    def handle(self, *args, username: str, email: str, no_password: bool, dry_run: bool, **options) -> None:
        user_model = get_user_model()
        existing = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
        if existing is not None and existing.is_superuser:
            raise CommandError(f"{username} is a superuser, who can already do everything a moderator can.")
        if dry_run:
            what = "would become a moderator" if existing else "would be created as a moderator"
            self.stdout.write(f"{username} {what} (dry run: nothing changed).")
            return
        password = None if no_password or existing else secrets.token_urlsafe(12)
        with transaction.atomic():
            if existing is None:
                user = user_model(**{user_model.USERNAME_FIELD: username}, email=email)
                try:
                    user.full_clean(exclude=["password"])
                except ValidationError as error:
                    raise CommandError("; ".join(error.messages)) from None
                user.set_password(password)  # None: an unusable password
                user.save()
            else:
                user = existing
            make_moderator(user)
        if existing is not None:
            self.stdout.write(f"{username} is now a moderator; their password is unchanged.")
        elif password:
            self.stdout.write(f"Created moderator {username} with password {password} (shown only now).")
        else:
            self.stdout.write(
                f"Created moderator {username} with no password: run `manage.py changepassword {username}`."
            )
