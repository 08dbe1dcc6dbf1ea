"""Plain builder functions for tests: each makes one object with sensible defaults."""

from itertools import count

from django.contrib.auth import get_user_model

from comments.models import Comment
from forum.articles.models import Article

_sequence = count(1)


def make_user(username: str | None = None, *, password: str = "correct horse battery", **fields):
    username = username or f"user{next(_sequence)}"
    return get_user_model().objects.create_user(username=username, password=password, **fields)


def make_article(title: str = "An article", **fields) -> Article:
    number = next(_sequence)
    fields.setdefault("slug", f"article-{number}")
    fields.setdefault("body", "First paragraph.\n\nSecond paragraph.")
    return Article.objects.create(title=title, **fields)


def make_comment(article: Article, parent: Comment | None = None, *, body: str | None = None, **fields) -> Comment:
    body = body if body is not None else f"Comment number {next(_sequence)}."
    return Comment.objects.insert(article, parent=parent, body=body, **fields)


def make_chain(article: Article, length: int, **fields) -> list[Comment]:
    """A reply chain `length` comments deep: each one answers the one before."""
    chain: list[Comment] = []
    for _ in range(length):
        chain.append(make_comment(article, chain[-1] if chain else None, **fields))
    return chain


def make_moderator(username: str | None = None, **fields):
    """A staff user in the Moderators group (made by the post_migrate handler)."""
    from comments.moderators import make_moderator as promote

    user = make_user(username, **fields)
    promote(user)
    return user


def make_big_thread(article: Article, replies: int, *, fanout: int = 5, chain: int = 0) -> Comment:
    """A top-level comment with `replies` replies below it, written in bulk (seconds, not minutes).

    Reply number i answers comment (i - 1) // fanout, breadth first, so the thread is wide near the top
    and a few levels deep; the last `chain` replies instead run in one chain under the first reply,
    deeper than a page shows. Their pieces are left to be rendered when first read.
    """
    from datetime import timedelta

    from django.db.models import Max
    from django.utils import timezone

    from bench.generate import Node, number_trees
    from comments.rendering import Markup, render_body

    start = timezone.now() - timedelta(days=1)
    nodes = [Node(0, None, 0, 0, start, "The top of a big thread.")]
    for index in range(1, replies + 1):
        if index > replies - chain:
            parent = nodes[1] if index == replies - chain + 1 else nodes[index - 1]
        else:
            parent = nodes[(index - 1) // fanout]
        node = Node(index, parent, 0, parent.level + 1, start + timedelta(seconds=index), f"Reply number {index}.")
        parent.children.append(node)
        nodes.append(node)
    number_trees(nodes, (Comment.objects.aggregate(highest=Max("tree_id"))["highest"] or 0) + 1)
    made: dict[int, Comment] = {}
    for level in range(max(node.level for node in nodes) + 1):
        batch = []
        for node in nodes:
            if node.level == level:
                made[node.index] = Comment(
                    article=article,
                    parent=None if node.parent is None else made[node.parent.index],
                    author_name=f"writer{node.index % 7}",
                    body=node.body,
                    body_html=render_body(node.body, Markup.MARKDOWN),
                    created=node.created,
                    tree_id=node.tree,
                    lft=node.lft,
                    rght=node.rght,
                    level=node.level,
                )
                batch.append(made[node.index])
        Comment.objects.bulk_create(batch, batch_size=500)
    return made[0]
