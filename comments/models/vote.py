"""Up-votes: one per reader and comment, counted on the comment itself so a page reads no vote rows."""

from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Aggregate, CharField, F, OuterRef, Subquery
from django.utils import timezone

from comments import rate_limits
from comments.models.comment import Comment
from comments.models.suspension import account_refusal


class Vote(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "voter"], name="vote_once_per_reader")]
        indexes = [models.Index(fields=["voter", "created"], name="vote_voter_recent")]

    def __str__(self) -> str:
        return f"Vote by {self.voter_id} on comment {self.comment_id}"


class VoteRefused(Exception):
    """Nothing changed; the message says why in one sentence."""


class VotingTooFast(VoteRefused):
    """Refused by the vote rate limits; `retry_after` is in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"You are voting faster than anyone reads. Please wait {retry_after} seconds.")
        self.retry_after = retry_after


def voted_on(user, article) -> set[int]:
    """Which comments of `article` `user` has up-voted: no query when `article` came annotated with them
    (votes_of), else one for a page of it.

    Asked by article, not by a list of the page's comments: a reader's votes are few, a page's
    comments many, and a thousand bound parameters cost more than the join.
    """
    if not user.is_authenticated:
        return set()
    carried = getattr(article, "reader_votes", _NOT_READ)
    if carried is not _NOT_READ:
        return {int(pk) for pk in carried.split(",")} if carried else set()
    return set(Vote.objects.filter(voter=user, comment__article=article).values_list("comment_id", flat=True))


_NOT_READ = object()


def votes_of(user) -> dict[str, Subquery]:
    """`user`'s up-votes on the comments of the article an outer query reads, as an expression it can carry
    (`reader_votes`: the comments' ids, comma-separated; None for none), so a page costs no query for them."""
    votes = Vote.objects.filter(voter=user, comment__article=OuterRef("pk")).values("voter")
    return {"reader_votes": Subquery(votes.annotate(ids=_CommaSeparated("comment_id")).values("ids")[:1])}


class _CommaSeparated(Aggregate):
    """A column's values in one string, comma-separated: GROUP_CONCAT (SQLite), STRING_AGG (PostgreSQL)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
            **extra_context,
        )


def vote_refusal(comment: Comment, user, article=None) -> str | None:
    """Why `user` may not vote on `comment` (or take a vote back), or None if they may: the one statement."""
    return comment_vote_refusal(comment, user, article) or account_refusal(user)


def comment_vote_refusal(comment, user, article=None) -> str | None:
    """The rule without the account's standing, for a page's vote buttons (the vote itself asks it all)."""
    return vote_rule_for(user, article or comment.article)(comment)


def vote_rule_for(user, article) -> Callable[[Comment], str | None]:
    """comment_vote_refusal for `user` on the comments of `article`: what depends on the reader and the
    article is asked once, so a page of a thousand comments asks each only what is its own."""
    if not user.is_authenticated:
        return lambda comment: "Log in to vote."
    voter, closed = user.pk, article.comment_refusal()

    def refusal(comment) -> str | None:
        if comment.author_id == voter:
            return "You cannot vote on your own comment."
        if not comment.is_visible:
            return "This comment was removed, so it takes no votes."
        if closed:
            return f"{closed} Votes are closed with it."
        return None

    return refusal


def _charge(by, address: str | None) -> None:
    try:
        rate_limits.check_voting(by, address)
    except rate_limits.Exceeded as exceeded:
        raise VotingTooFast(exceeded.retry_after) from None


def upvote(comment: Comment, *, by, address: str | None = None) -> bool:
    """Add `by`'s up-vote; False if it was there already. Raises VoteRefused with the reason.

    The row and the count change in one transaction, the count by an UPDATE of itself, so any
    number of readers voting and unvoting at once leave it equal to the rows. A vote does not move
    the discussion's version: a busy page is not re-rendered for every click (see the README).
    """
    with transaction.atomic():
        current = Comment.objects.select_related("article").get(pk=comment.pk)
        if refusal := vote_refusal(current, by):
            raise VoteRefused(refusal)
        _charge(by, address)
        try:
            with transaction.atomic():
                Vote.objects.create(comment=current, voter=by)
        except IntegrityError:
            return False  # already voted: the outcome wanted
        Comment.objects.filter(pk=comment.pk).update(vote_count=F("vote_count") + 1)
    return True


def unvote(comment: Comment, *, by, address: str | None = None) -> bool:
    """Take `by`'s up-vote back; False if there was none."""
    with transaction.atomic():
        current = Comment.objects.select_related("article").get(pk=comment.pk)
        if refusal := vote_refusal(current, by):
            raise VoteRefused(refusal)
        _charge(by, address)
        deleted, _ = Vote.objects.filter(comment=current, voter=by).delete()
        if deleted:
            Comment.objects.filter(pk=comment.pk).update(vote_count=F("vote_count") - 1)
    return bool(deleted)
