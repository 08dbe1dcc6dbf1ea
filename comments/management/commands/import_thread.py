import json
from pathlib import Path

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError

from comments.models import PostingRefused
from comments.transfer import TransferError, import_thread


class Command(BaseCommand):
    help = (
        "Read a thread written by `export_thread` from FILE and write the article and its whole "
        "discussion into this database, which must not hold an article with that slug. Every comment "
        "goes through the same locked tree path as posting, so fresh tree ids are allocated safely "
        "while the site runs; states, earlier versions, reports and the moderation log are restored as "
        "they were. All in one transaction: on any error nothing is written. Users are matched by "
        "username; --create-users creates missing ones without a usable password."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--create-users", action="store_true", help="create users the file names but lacks")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file against this database; write nothing"
        )

    def handle(self, *args, file: Path, create_users: bool, dry_run: bool, **options) -> None:
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file}: not JSON ({error})") from None
        try:
            result = import_thread(document, create_users=create_users, dry_run=dry_run)
        except (TransferError, PostingRefused) as error:
            raise CommandError(f"{file}: {error}") from None
        except (KeyError, TypeError, ValidationError, FieldDoesNotExist) as error:
            raise CommandError(f"{file}: malformed thread export ({error!r})") from None
        if dry_run:
            self.stdout.write(f"Would import {result} (dry run: nothing written)")
        else:
            self.stdout.write(f"Imported {result}")
