from django.core.management.base import BaseCommand, CommandError

from comments.integrity import find_problems, repair_tree


class Command(BaseCommand):
    help = (
        "Verify every comment tree: lft/rght cover 1..2n, children lie inside their parents, "
        "level is the parent's plus one, one root per tree, one article per tree. Exits non-zero "
        "listing what is broken; --repair renumbers each broken tree from its parent links, "
        "each inside its own locked transaction."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repair", action="store_true", help="rebuild the broken trees")

    def handle(self, *args, repair: bool = False, **options) -> None:
        broken = find_problems()
        for messages in broken.values():
            for message in messages:
                self.stderr.write(message)
        if not broken:
            self.stdout.write("All comment trees are sound.")
            return
        if not repair:
            raise CommandError(f"{len(broken)} broken tree(s); run with --repair to rebuild them")
        for tree_id in broken:
            repair_tree(tree_id)
        still_broken = find_problems(broken)
        if still_broken:
            raise CommandError(f"{len(still_broken)} tree(s) still broken after repair: {sorted(still_broken)}")
        self.stdout.write(f"Repaired {len(broken)} tree(s): {sorted(broken)}")
