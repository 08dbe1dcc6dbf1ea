from django.contrib import admin
from django.urls import include, path

from forum import health
from forum.accounts import signup
from forum.pages import feeds, views

forum_patterns = (
    [
        path("", views.front_page, name="front_page"),
        path("a/<slug:slug>/", views.article_detail, name="article_detail"),
        path("feeds/articles/", feeds.LatestArticlesFeed(), name="articles_feed"),
        path("a/<slug:slug>/feed/", feeds.ArticleCommentsFeed(), name="article_comments_feed"),
        path("u/<str:username>/feed/", feeds.UserCommentsFeed(), name="user_comments_feed"),
    ],
    "forum",
)

urlpatterns = [
    path("", include(forum_patterns)),
    path("", include("comments.urls")),
    path("", include("comments.notifications.urls")),
    path("accounts/signup/", signup.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # Plain HTTP is allowed here (SECURE_REDIRECT_EXEMPT): load balancers probe hosts directly.
    path("healthz", health.healthz, name="healthz"),
]

# Friendly error pages that work without the database or a valid Host (see forum/errors.py).
handler400 = "forum.errors.bad_request"
handler500 = "forum.errors.server_error"
