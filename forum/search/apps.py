from django.apps import AppConfig
from django.db.models.signals import post_migrate


def repair_index(sender, using: str = "default", **kwargs) -> None:
    from django.db import connections

    from forum.search.index_sql import repair_sqlite_index

    repair_sqlite_index(connections[using])


class SearchConfig(AppConfig):
    """Full-text search over articles and comments: the top layer, reading both."""

    name = "forum.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # After every migrate: an SQLite table rebuilt by a later migration has lost its triggers.
        post_migrate.connect(repair_index, sender=self, dispatch_uid="forum.search.repair_index")
