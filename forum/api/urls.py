from django.urls import path, re_path

from forum.api import views

app_name = "api"
# Anything before ".json" reaches the view, which answers a malformed name with a JSON 404, not the HTML one.
urlpatterns = [
    re_path(r"^a/(?P<slug>.*)\.json$", views.article, name="article"),
    re_path(r"^c/(?P<pk>.*)\.json$", views.comment, name="comment"),
    re_path(r"^u/(?P<username>.*)\.json$", views.person, name="person"),
    path("api/openapi.json", views.openapi, name="openapi"),
]
