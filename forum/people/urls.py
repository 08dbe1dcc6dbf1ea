from django.urls import path

from forum.people import account_views, views

app_name = "people"
urlpatterns = [
    path("u/<str:username>/", views.profile, name="profile"),
    path("account/", account_views.account, name="account"),
    path("account/email/", account_views.change_email, name="change_email"),
    path("account/data.json", account_views.download, name="download"),
    path("account/delete/", account_views.delete, name="delete"),
]
