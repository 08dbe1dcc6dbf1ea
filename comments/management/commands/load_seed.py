from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from forum.articles.models import Article

SEED_FIXTURE = "seed.json"


class Command(BaseCommand):
    help = (
        "Load the seed article and its discussion (fixtures/seed.json) into a database that holds no "
        "article yet; on any other database do nothing, so `make run` can call it every time."
    )

    def handle(self, *args, **options) -> None:
        if Article.objects.exists():
            self.stdout.write("The database already holds articles; seed not loaded.")
            return
        call_command("loaddata", settings.BASE_DIR / "fixtures" / SEED_FIXTURE, verbosity=0)
        self.stdout.write(f"Loaded the seed: {Article.objects.count()} article(s).")
