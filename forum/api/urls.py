from django.urls import path, re_path

from forum.api import views

app_name = "api"
# Anything (newlines too) before ".json" reaches the view: a malformed name gets a JSON 404, not the HTML one.
urlpatterns = [
    re_path(r"^a/(?P<slug>[\s\S]*)\.json$", views.article, name="article"),
    re_path(r"^c/(?P<pk>[\s\S]*)\.json$", views.comment, name="comment"),
    re_path(r"^u/(?P<username>[\s\S]*)\.json$", views.person, name="person"),
    path("api/openapi.json", views.openapi, name="openapi"),
]
