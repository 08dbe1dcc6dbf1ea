"""Atom feeds (Django's syndication framework): the latest articles, an article's comments, a reader's comments.

Only what any reader may see: published articles, and visible comments on them; a removed or
deleted comment is never in a feed, not even as a placeholder.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from comments.models import Comment
from forum.articles.models import Article

FEED_SIZE = 30  # a feed reader polls often; it needs the latest, not the archive


class _AtomFeed(Feed):
    feed_type = Atom1Feed  # the feed's own address (rel="self") is the request's, by default


class LatestArticlesFeed(_AtomFeed):
    def title(self) -> str:
        return f"{settings.SITE_NAME}: latest articles"

    def subtitle(self) -> str:
        return f"The newest articles on {settings.SITE_NAME}."

    def link(self) -> str:
        return reverse("forum:front_page")

    def items(self):
        return Article.objects.published().order_by("-published", "-id")[:FEED_SIZE]

    def item_title(self, article: Article) -> str:
        return article.title

    def item_description(self, article: Article) -> str:
        return article.deck or (article.paragraphs[:1] or [""])[0]

    def item_pubdate(self, article: Article):
        return article.published

    def item_updateddate(self, article: Article):
        return article.published  # Atom requires <updated> on every entry; Django writes it only from this

    def item_author_name(self, article: Article) -> str:
        return settings.SITE_NAME


class _CommentsFeed(_AtomFeed):
    def items(self, obj):
        return (
            self.comments(obj)
            .visible()
            .on_published_articles()
            .select_related("author", "article")
            .order_by("-created", "-pk")[:FEED_SIZE]
        )

    def item_title(self, comment: Comment) -> str:
        return f"{comment.display_name} on {comment.article.title}"

    def item_description(self, comment: Comment) -> str:
        return comment.body_html  # rendered and sanitised at save, as the pages show it; the feed escapes it again

    def item_link(self, comment: Comment) -> str:
        return f"{comment.get_permalink()}#c{comment.pk}"

    def item_pubdate(self, comment: Comment):
        return comment.created

    def item_updateddate(self, comment: Comment):
        return comment.edited or comment.created

    def item_author_name(self, comment: Comment) -> str:
        return comment.display_name


class ArticleCommentsFeed(_CommentsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Article:
        return get_object_or_404(Article.objects.published(), slug=slug)

    def comments(self, article: Article):
        return article.comments.all()

    def title(self, article: Article) -> str:
        return f"Comments on {article.title}"

    def link(self, article: Article) -> str:
        return article.get_absolute_url()


class UserCommentsFeed(_CommentsFeed):
    def get_object(self, request: HttpRequest, username: str):
        return get_object_or_404(get_user_model(), username=username, is_active=True)

    def comments(self, user):
        return Comment.objects.filter(author=user)

    def title(self, user) -> str:
        return f"Comments by {user.get_username()} on {settings.SITE_NAME}"

    def link(self, user) -> str:
        return reverse("forum:front_page")
