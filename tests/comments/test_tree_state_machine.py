"""The comment tree driven by random sequences of its verbs, checked after every step.

A Hypothesis state machine starts threads, replies anywhere, edits, hides, unhides, deletes as
the author, closes and reopens the article and repairs trees, in whatever order it draws, and
after each step checks the nested-set invariants (comments.integrity: lft < rght, 1..2n used
once per tree, each child inside its parent, level = parent's + 1, one root and one article
per tree), that every accepted comment is still there as the model expects, that each refusal
was the one the rules predict, and that no removed comment's text reaches a reader of the page.
"""

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from comments.integrity import find_problems, repair_tree
from comments.models import Comment, PostingRefused
from tests.builders import make_article, make_moderator, make_user

_names = itertools.count()


class CommentTree(RuleBasedStateMachine):
    comments = Bundle("comments")

    def __init__(self) -> None:
        super().__init__()
        run = next(_names)
        self.article = make_article(slug=f"machine-{run}")
        joined = timezone.now() - timedelta(days=30)
        self.authors = [make_user(f"writer{run}{n}", date_joined=joined) for n in "ab"]
        self.moderator = make_moderator(f"moderator{run}")
        self.expected: dict[int, tuple[str, str]] = {}  # pk -> (state, body) as the rules predict
        self.open = True
        self.texts = itertools.count()

    def text(self) -> str:
        return f"text-{next(self.texts)}-{id(self)}"

    @rule(target=comments, author=st.integers(0, 1))
    def start_thread(self, author):
        body = self.text()
        try:
            comment = Comment.objects.start_thread(self.article, author=self.authors[author], body=body)
        except PostingRefused:
            assert not self.open
            return None
        assert self.open
        self.expected[comment.pk] = (Comment.State.VISIBLE, body)
        return comment.pk

    @rule(target=comments, parent=comments, author=st.integers(0, 1))
    def reply(self, parent, author):
        if parent is None:
            return None
        body = self.text()
        try:
            comment = Comment.objects.reply(Comment.objects.get(pk=parent), author=self.authors[author], body=body)
        except PostingRefused:
            assert not self.open or self.expected[parent][0] != Comment.State.VISIBLE
            return None
        assert self.open and self.expected[parent][0] == Comment.State.VISIBLE
        self.expected[comment.pk] = (Comment.State.VISIBLE, body)
        return comment.pk

    @rule(pk=comments)
    def edit_as_author(self, pk):
        if pk is None:
            return
        comment = Comment.objects.get(pk=pk)
        body = self.text()
        try:
            comment.edit(by=comment.author, body=body)
        except PermissionDenied:
            assert not self.open or self.expected[pk][0] != Comment.State.VISIBLE
            return
        assert self.open and self.expected[pk][0] == Comment.State.VISIBLE
        self.expected[pk] = (Comment.State.VISIBLE, body)

    @rule(pk=comments)
    def hide(self, pk):
        if pk is None:
            return
        hidden = Comment.objects.get(pk=pk).hide(by=self.moderator, reason="test")
        assert hidden == (self.expected[pk][0] == Comment.State.VISIBLE)
        if hidden:
            self.expected[pk] = (Comment.State.HIDDEN, self.expected[pk][1])

    @rule(pk=comments)
    def unhide(self, pk):
        if pk is None:
            return
        shown = Comment.objects.get(pk=pk).unhide(by=self.moderator)
        assert shown == (self.expected[pk][0] == Comment.State.HIDDEN)
        if shown:
            self.expected[pk] = (Comment.State.VISIBLE, self.expected[pk][1])

    @rule(pk=consumes(comments))
    def delete_as_author(self, pk):
        if pk is None:
            return
        comment = Comment.objects.get(pk=pk)
        try:
            comment.delete_by_author(by=comment.author)
        except PermissionDenied:
            assert self.expected[pk][0] != Comment.State.VISIBLE
            return
        assert self.expected[pk][0] == Comment.State.VISIBLE
        self.expected[pk] = (Comment.State.DELETED, self.expected[pk][1])

    @precondition(lambda self: self.open)
    @rule()
    def close(self):
        assert self.article.close_comments(by=self.moderator)
        self.open = False

    @precondition(lambda self: not self.open)
    @rule()
    def reopen(self):
        assert self.article.reopen_comments(by=self.moderator)
        self.open = True

    @rule(pk=comments)
    def repair(self, pk):
        if pk is not None:
            repair_tree(Comment.objects.get(pk=pk).tree_id)

    @invariant()
    def trees_are_sound(self):
        trees = set(Comment.objects.filter(article=self.article).values_list("tree_id", flat=True))
        assert find_problems(trees) == {}

    @invariant()
    def every_accepted_comment_is_kept_as_expected(self):
        stored = dict(
            (pk, (state, body))
            for pk, state, body in Comment.objects.filter(article=self.article).values_list("pk", "state", "body")
        )
        assert stored == self.expected

    @invariant()
    def no_removed_text_reaches_a_reader(self):
        if not self.expected:
            return
        page = Client().get(self.article.get_absolute_url()).content.decode()
        for state, body in self.expected.values():
            assert (body in page) == (state == Comment.State.VISIBLE)


@pytest.mark.django_db
def test_the_tree_keeps_its_invariants_under_any_sequence_of_verbs(settings):
    settings.THREAD_PAGE_SIZE = 1000  # every thread on the one page the invariant reads
    settings.COMMENTS_PER_MINUTE = 10_000  # the machine posts faster than any person may
    run_state_machine_as_test(
        CommentTree,
        settings=settings_for_ci(),
    )


def settings_for_ci():
    # Bounded for CI: 25 sequences of up to 30 steps each, on both databases; no example database,
    # so a run depends only on the code (a failure prints its steps: keep them as a test below).
    return settings(
        max_examples=25,
        stateful_step_count=30,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
