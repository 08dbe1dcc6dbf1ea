"""A page's lightweight rows answer the link rules exactly as the model does: they borrow its rules."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from comments.models import Comment
from comments.rows import fetch_rows
from tests.builders import make_article, make_chain, make_comment, make_moderator, make_user


@pytest.mark.parametrize("comments_open", [True, False])
def test_rows_answer_every_rule_as_the_model_does(db, comments_open):
    article = make_article(comments_open=comments_open)
    author, other, moderator = make_user("writer"), make_user("reader"), make_moderator("keeper")
    recent = make_comment(article, author=author)
    old = make_comment(article, author=author, created=timezone.now() - timedelta(days=2))
    hidden = make_comment(article, author=author)
    hidden.hide(by=moderator, reason="x")
    deleted = make_comment(article, author=other)
    deleted.delete_by_author(by=other)
    deep = make_chain(article, Comment.MAX_DEPTH, author=other)[-1]
    models = {c.pk: c for c in Comment.objects.filter(article=article).select_related("article")}
    rows = fetch_rows(article.comments.order_by("tree_id", "lft"), article=article)
    assert {row.pk for row in rows} >= {recent.pk, old.pk, hidden.pk, deleted.pk, deep.pk}
    for row in rows:
        model = models[row.pk]
        assert row.accepts_replies(article) == model.accepts_replies(article)
        assert row.reply_refusal(article) == model.reply_refusal(article)
        for user in (AnonymousUser(), author, other, moderator):
            assert row.is_editable_by(user, article) == model.is_editable_by(user, article)
            assert row.is_deletable_by(user) == model.is_deletable_by(user)
            assert row.is_reportable_by(user) == model.is_reportable_by(user)
