from django.urls import path

from comments.notifications import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/mark/", views.mark, name="mark"),
    path("inbox/read-all/", views.mark_all_read, name="mark_all_read"),
    path("inbox/settings/", views.notification_settings, name="settings"),
    path("inbox/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("inbox/mute/user/<int:pk>/", views.mute_user, name="mute_user"),
    path("a/<slug:slug>/follow/", views.follow, name="follow"),
    path("c/<int:pk>/mute/", views.mute_thread, name="mute_thread"),
]
