import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from comments.moderators import make_moderator

MODERATOR = "demo-moderator"
READER = "demo-reader"


class Command(BaseCommand):
    help = (
        f"For trying the forum locally: create a moderator ({MODERATOR}) and a reader ({READER}) with random "
        "passwords, printed once. Accounts that exist are left alone unless --reset gives them new passwords. "
        "Refuses to run when DJANGO_DEBUG is off (a real site) unless --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--reset", action="store_true", help="give existing demo accounts new passwords")
        parser.add_argument("--force", action="store_true", help="run even though DJANGO_DEBUG is off")
        parser.add_argument("--dry-run", action="store_true", help="say what would happen, change nothing")

    def handle(self, *args, reset: bool, force: bool, dry_run: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DJANGO_DEBUG is off, so this looks like a real site: demo accounts do not belong there. "
                "Run with DJANGO_DEBUG=1 on your own machine, or pass --force."
            )
        user_model = get_user_model()
        lines = []
        with transaction.atomic():
            for username, role in ((MODERATOR, "moderator"), (READER, "reader")):
                user = user_model.objects.filter(**{user_model.USERNAME_FIELD: username}).first()
                if user is not None and not reset:
                    lines.append(
                        f"  {role:9} {username:15} exists (its password was printed when it was made; --reset)"
                    )
                    continue
                if dry_run:
                    lines.append(f"  {role:9} {username:15} would be {'given a new password' if user else 'created'}")
                    continue
                password = secrets.token_urlsafe(12)
                if user is None:
                    user = user_model.objects.create_user(**{user_model.USERNAME_FIELD: username}, password=password)
                else:
                    user.set_password(password)
                    user.save(update_fields=["password"])
                if role == "moderator":
                    make_moderator(user)
                lines.append(f"  {role:9} {username:15} password: {password}")
        self.stdout.write("Demo accounts (a password is shown once, when it is made):")
        self.stdout.write("\n".join(lines))
        self.stdout.write(
            f"The moderator logs in at {reverse('admin:index')}; the reader at {reverse('login')}."
            + (" (dry run: nothing changed)" if dry_run else "")
        )
