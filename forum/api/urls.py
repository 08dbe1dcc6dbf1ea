from django.urls import path, re_path

from forum.api import views
from forum.http_methods import cross_origin_read_only

app_name = "api"
# Anything (newlines too) before ".json" reaches the view: a malformed name gets a JSON 404, not the HTML one.
urlpatterns = [
    re_path(r"^a/(?P<slug>[\s\S]*)\.json$", cross_origin_read_only(views.article), name="article"),
    re_path(r"^c/(?P<pk>[\s\S]*)\.json$", cross_origin_read_only(views.comment), name="comment"),
    re_path(r"^u/(?P<username>[\s\S]*)\.json$", cross_origin_read_only(views.person), name="person"),
    path("api/openapi.json", cross_origin_read_only(views.openapi), name="openapi"),
]
