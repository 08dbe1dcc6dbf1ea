"""Verbs on sets of comments: which ones a page reads, the tree lock, hiding and unhiding."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from mptt.querysets import TreeQuerySet

from comments import pieces
from comments.discussion_version import discussion_changed
from comments.models.moderation_log import ModerationAction
from comments.signals import comment_state_changed

# Account details a discussion page never shows about a comment's author.
THREAD_UNUSED_AUTHOR_FIELDS = ("password", "email", "first_name", "last_name", "last_login", "date_joined")


class CommentQuerySet(TreeQuerySet):
    def visible(self) -> "CommentQuerySet":
        return self.filter(state=self.model.State.VISIBLE)

    def roots(self) -> "CommentQuerySet":
        return self.filter(parent__isnull=True)

    def on_published_articles(self) -> "CommentQuerySet":
        """Comments anyone but an admin may reach: every comment view starts here."""
        return self.filter(article__published__lte=timezone.now())

    def for_thread(self) -> "CommentQuerySet":
        """Every comment of a discussion in reading order, in one query, authors joined.

        A page shows the stored body_html, never the raw body or its markup, and of the author only the name:
        the columns it never shows stay in the database, and the dates among them are not parsed.
        """
        return (
            self.select_related("author")
            .defer("body", "markup", *(f"author__{name}" for name in THREAD_UNUSED_AUTHOR_FIELDS))
            .order_by("tree_id", "lft")
        )

    def lock_trees(self, tree_ids) -> None:
        """Lock the root rows of these trees, lowest tree id first: the one lock every tree write takes.

        Posting, edits, deletions, repairs and state changes all take it, so a moderator's hide
        cannot interleave with a reply's check of its parent, and writers locking several trees
        take them in the same order, so they cannot deadlock. A post takes the article's row
        (FOR SHARE) before this, and nothing holding a tree lock then waits for an article row.
        (A no-op on SQLite, whose IMMEDIATE transactions already serialise writers.)
        """
        roots = self.model.objects.select_for_update().filter(tree_id__in=set(tree_ids), parent__isnull=True)
        list(roots.order_by("tree_id").values_list("pk"))

    def hide(self, *, by, reason: str, public: bool = False) -> list:
        """Hide the visible comments here from readers; their replies stay. Returns the comments hidden.

        A plain UPDATE of state: the tree is untouched. With `public`, readers see the reason
        in the placeholder ("removed by a moderator: <reason>").
        """
        State = self.model.State
        # A comment held for review after reports is hidden already: hiding it confirms the removal.
        return self._switch_state(
            by=by,
            reason=reason,
            was=Q(state=State.VISIBLE) | Q(state=State.HIDDEN, held_for_review=True),
            after=State.HIDDEN,
            public_reason=reason if public else "",
            action=ModerationAction.Kind.HIDE,
        )

    def unhide(self, *, by, reason: str = "") -> list:
        """Show hidden comments to readers again. Returns the comments shown."""
        State = self.model.State
        return self._switch_state(
            by=by,
            reason=reason,
            was=Q(state=State.HIDDEN),
            after=State.VISIBLE,
            public_reason="",
            action=ModerationAction.Kind.UNHIDE,
        )

    def _switch_state(self, *, by, reason, was: Q, after, public_reason, action) -> list:
        objects = self.model.objects
        with transaction.atomic():
            pks = set(self.order_by().values_list("pk", flat=True))
            objects.lock_trees(objects.filter(pk__in=pks).values_list("tree_id", flat=True))
            # Re-read under the lock: a comment another moderator changed meanwhile is skipped, not logged twice.
            changed = list(objects.filter(was, pk__in=pks).select_related("author").order_by("pk"))
            for comment in changed:
                # A moderator's decision ends a hold for review either way.
                comment.state, comment.public_reason, comment.held_for_review = after, public_reason, False
                comment.piece_html, comment.piece_version = pieces.render_piece(comment), pieces.version_for(after)
            fields = ["state", "public_reason", "held_for_review", "piece_html", "piece_version"]
            objects.bulk_update(changed, fields)
            ModerationAction.objects.record(
                ModerationAction.about_comment(
                    comment, by=by, action=action, reason=reason, public_reason=public_reason
                )
                for comment in changed
            )
            for article_id in {comment.article_id for comment in changed}:
                discussion_changed(article_id)
            if changed:
                comment_state_changed.send(sender=self.model, comments=changed, state=after)
        return changed

    def mark_pieces_stale(self) -> int:
        """Have these comments' pieces rendered again when next read (their author renamed, say)."""
        return self.update(**pieces.STALE)

    def with_stale_pieces(self) -> "CommentQuerySet":
        """Comments whose stored piece another template version, or another state, made."""
        return self.exclude(pieces.fresh())

    def refresh_stale_pieces(self) -> dict[int, str]:
        """Render again the pieces of these comments made by another template version or for another
        state, and store them: for readers and `render_pieces`. Returns the fresh pieces by primary key.

        A piece a writer stores meanwhile (under its lock) is fresh, so it is left as it is.
        """
        stale = list(self.with_stale_pieces().select_related("author").order_by())
        for comment in stale:
            comment.piece_html, comment.piece_version = pieces.render_piece(comment), pieces.version_for(comment.state)
        self.model.objects.with_stale_pieces().bulk_update(stale, ["piece_html", "piece_version"], batch_size=500)
        return {comment.pk: comment.piece_html for comment in stale}
