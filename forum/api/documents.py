"""Articles, comments and people as JSON-ready data: what an anonymous reader of the pages sees.

A removed comment keeps its place with the placeholder the page shows and no author, as on
the page; its text never leaves the database here, whoever asks.
"""

from collections.abc import Iterable

from django.utils.html import escape

from comments.models import Comment
from forum.articles.models import Article


def article_summary(article: Article) -> dict:
    return {"slug": article.slug, "title": article.title, "url": article.get_absolute_url()}


def article_document(article: Article) -> dict:
    return {
        **article_summary(article),
        "deck": article.deck,
        "source_url": article.source_link or None,
        "published": article.published,
        "comments_open": article.comments_open,
        "json_url": f"/a/{article.slug}.json",
    }


def comment_document(comment: Comment) -> dict:
    """One comment without its replies; removed ones as their placeholder, with no author."""
    visible = comment.is_visible
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "author": comment.display_name if visible else None,
        "author_url": comment.author_url,
        "created": comment.created,
        "edited": comment.edited,
        "state": comment.state,
        "body_html": comment.body_html if visible else f'<p class="placeholder">{escape(comment.placeholder)}</p>',
        "url": comment.get_permalink(),
        "json_url": f"/c/{comment.pk}.json",
    }


def nested(comments: Iterable[Comment], *, deepest_level: int, more: dict | None = None) -> list[dict]:
    """Comments in reading order (tree_id, lft) as a tree of documents with their `replies`.

    A comment on `deepest_level` with replies says how many in `more_replies`: they are read at its own
    address. So does a comment whose replies run past the page budget's cut (`more`, from
    comments.budget.cut): `more_url` continues after the reply shown last.
    """
    documents: dict[int, dict] = {}
    tops: list[dict] = []
    more = more or {}
    for comment in comments:
        document = comment_document(comment)
        below = (comment.rght - comment.lft - 1) // 2
        document["replies"] = []
        document["more_replies"] = below if comment.level >= deepest_level else 0
        document["more_url"] = document["json_url"] if document["more_replies"] else None
        if cut := more.get(comment.pk):
            document["more_replies"] = cut.count
            document["more_url"] = f"/c/{comment.pk}.json" + (f"?after={cut.after}" if cut.after else "")
        documents[comment.pk] = document
        parent = documents.get(comment.parent_id)
        (parent["replies"] if parent is not None else tops).append(document)
    return tops


def page_document(page, address: str) -> dict:
    def link(number: int) -> str:
        return f"{address}?page={number}"

    return {
        "number": page.number,
        "pages": page.paginator.num_pages,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }
