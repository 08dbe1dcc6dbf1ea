"""Posting as readers do, with the tasks the commit enqueues run as a worker would (immediate backend)."""

import pytest

from comments.models import Comment


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """post(author, body, parent=None, article=None): through the posting verbs, then the fan-out."""

    def post(author, body: str, *, parent: Comment | None = None, article=None) -> Comment:
        with django_capture_on_commit_callbacks(execute=True):
            if parent is not None:
                return Comment.objects.reply(parent, author=author, body=body)
            return Comment.objects.start_thread(article, author=author, body=body)

    return post


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block's on-commit work (the tasks it enqueues) as if its transaction committed."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def carol(db):
    from tests.builders import make_user

    return make_user("carol")
