from django.contrib import admin
from django.urls import include, path

from forum import health
from forum.accounts import signup
from forum.http_methods import read_only
from forum.pages import feeds, views

forum_patterns = (
    [
        path("", read_only(views.front_page), name="front_page"),
        path("a/<slug:slug>/", read_only(views.article_detail), name="article_detail"),
        path("feeds/articles/", read_only(feeds.LatestArticlesFeed()), name="articles_feed"),
        path("a/<slug:slug>/feed/", read_only(feeds.ArticleCommentsFeed()), name="article_comments_feed"),
        path("u/<str:username>/feed/", read_only(feeds.UserCommentsFeed()), name="user_comments_feed"),
    ],
    "forum",
)

urlpatterns = [
    path("", include("forum.api.urls")),
    path("", include(forum_patterns)),
    path("", include("comments.urls")),
    path("", include("forum.search.urls")),
    path("", include("forum.people.urls")),
    path("", include("comments.notifications.urls")),
    path("accounts/signup/", signup.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # Plain HTTP is allowed here (SECURE_REDIRECT_EXEMPT): load balancers probe hosts directly.
    path("healthz", read_only(health.healthz), name="healthz"),
]

# Friendly error pages that work without the database or a valid Host (see forum/errors.py).
handler400 = "forum.errors.bad_request"
handler500 = "forum.errors.server_error"
