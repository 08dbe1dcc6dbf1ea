from django.urls import path

from comments import moderation_views, thread_moderation, views, vote_views
from forum.http_methods import read_only

app_name = "comments"
urlpatterns = [
    path("c/<int:pk>/", read_only(views.comment_detail), name="comment_detail"),
    path("a/<slug:slug>/comment/", views.comment_on_article, name="comment_on_article"),
    path("c/<int:pk>/reply/", views.reply, name="reply"),
    path("c/<int:pk>/edit/", views.edit, name="edit"),
    path("c/<int:pk>/delete/", views.delete, name="delete"),
    path("c/<int:pk>/report/", views.report, name="report"),
    path("c/<int:pk>/vote/", vote_views.vote, name="vote"),
    path("c/<int:pk>/history/", moderation_views.history, name="history"),
    path("c/<int:pk>/appeal/", moderation_views.appeal, name="appeal"),
    path("c/<int:pk>/hide/", thread_moderation.hide, name="hide"),
    path("c/<int:pk>/unhide/", thread_moderation.unhide, name="unhide"),
    path("c/<int:pk>/lock-replies/", thread_moderation.lock_replies, name="lock_replies"),
    path("c/<int:pk>/unlock-replies/", thread_moderation.unlock_replies, name="unlock_replies"),
    path("c/<int:pk>/suspend-author/", thread_moderation.suspend_author, name="suspend_author"),
    path("moderation/", moderation_views.moderation_log, name="moderation_log"),
]
