"""The article page reads its signed-in reader's state (following, previous visit, unread count, suspension,
votes) with the article, from SQL the ORM compiled once with stand-in values (forum/pages/reader_state.py): each
reader gets exactly what the models' own expressions say of them, at the page's time."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from comments.models import ArticleVisit, Comment, Suspension, Vote, voted_on
from comments.notifications.models import Follow, Notification
from forum.articles.models import Article
from forum.pages.reader_state import as_read_by, reader_state
from tests.builders import make_article, make_moderator, make_user

NOW = timezone.now().replace(microsecond=0)
FIELDS = ("following", "visit_seen_at", "visit_previous_seen_at", "reader_unread", "reader_suspended", "reader_votes")


def state(queryset, article) -> tuple:
    row = queryset.get(pk=article.pk)
    # The votes come as ids in one string, in no particular order.
    votes = row.reader_votes and sorted(row.reader_votes.split(","), key=int)
    return tuple(votes if name == "reader_votes" else getattr(row, name) for name in FIELDS)


def as_the_models_say(user, article, now) -> tuple:
    return state(Article.objects.annotate(**reader_state(user, now)), article)


def readers_in_every_state(article):
    moderator = make_moderator("keeper")
    plain = make_user("plain")
    follower = make_user("follower")
    Follow.objects.create(user=follower, article=article)
    stopped = make_user("stopped")
    Follow.objects.create(user=stopped, article=article, active=False)
    visitor = make_user("visitor")
    ArticleVisit.objects.create(
        user=visitor, article=article, seen_at=NOW - timedelta(hours=1), previous_seen_at=NOW - timedelta(days=3)
    )
    told = make_user("told")
    shown = Comment.objects.start_thread(article, author=plain, body="Seen.")
    removed = Comment.objects.start_thread(article, author=plain, body="Removed later.")
    Notification.objects.create(recipient=told, comment=shown, kind=Notification.Kind.REPLY)
    Notification.objects.create(recipient=told, comment=removed, kind=Notification.Kind.MENTION)
    Notification.objects.create(recipient=told, comment=shown, kind=Notification.Kind.MENTION, read_at=NOW)
    removed.hide(by=moderator, reason="spam")
    suspended = make_user("suspended")
    Suspension.suspend(suspended, until=NOW + timedelta(days=2), reason="rude", by=moderator)
    served = make_user("served")
    Suspension.suspend(served, until=NOW + timedelta(hours=1), reason="rude", by=moderator)
    voter = make_user("voter")
    elsewhere = Comment.objects.start_thread(make_article(), author=make_user("other"), body="Elsewhere.")
    Vote.objects.bulk_create(Vote(comment=comment, voter=voter) for comment in (shown, removed, elsewhere))
    Vote.objects.create(comment=shown, voter=follower)
    return [plain, follower, stopped, visitor, told, suspended, served, voter, moderator]


def test_every_reader_gets_what_the_models_expressions_say_at_the_pages_time(db):
    article = make_article()
    readers = readers_in_every_state(article)
    for now in (NOW, NOW + timedelta(hours=2)):  # the shorter suspension has run out by the second
        for user in readers:
            expected = as_the_models_say(user, article, now)
            assert state(as_read_by(Article.objects.all(), user, now), article) == expected, (user, now)


def test_the_states_differ_as_the_readers_do(db):
    article = make_article()
    plain, follower, _, visitor, told, suspended, served, voter, _ = readers_in_every_state(article)

    def page(user, now=NOW) -> dict:
        return dict(zip(FIELDS, state(as_read_by(Article.objects.all(), user, now), article), strict=True))

    nothing = {"following": False, "reader_unread": 0, "reader_suspended": False}
    assert page(plain) == dict.fromkeys(FIELDS, None) | nothing
    assert page(follower)["following"] is True
    assert page(visitor)["visit_previous_seen_at"] == NOW - timedelta(days=3)
    assert page(told)["reader_unread"] == 1  # the read one and the one on a removed comment are not counted
    assert page(suspended)["reader_suspended"] is True and page(served)["reader_suspended"] is True
    assert page(served, NOW + timedelta(hours=2))["reader_suspended"] is False
    shown, removed = Comment.objects.filter(article=article).order_by("pk")
    assert page(voter)["reader_votes"] == [str(shown.pk), str(removed.pk)]  # not the vote in another discussion
    assert page(follower)["reader_votes"] == [str(shown.pk)]


def test_the_votes_carried_with_the_article_are_the_votes_asked_for(db, django_assert_num_queries):
    article = make_article()
    readers = readers_in_every_state(article)
    for user in readers:
        carried = as_read_by(Article.objects.all(), user).get(pk=article.pk)
        with django_assert_num_queries(0):
            votes = voted_on(user, carried)
        assert votes == voted_on(user, Article.objects.get(pk=article.pk)), user


def test_an_anonymous_readers_query_is_left_alone(db):
    articles = Article.objects.all()
    assert as_read_by(articles, AnonymousUser()) is articles
