from django.contrib import admin
from django.urls import include, path

from forum import views

forum_patterns = (
    [
        path("", views.front_page, name="front_page"),
        path("a/<slug:slug>/", views.article_detail, name="article_detail"),
    ],
    "forum",
)

urlpatterns = [
    path("", include(forum_patterns)),
    path("", include("comments.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
