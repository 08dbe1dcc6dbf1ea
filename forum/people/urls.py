from django.urls import path

from forum.people import views

app_name = "people"
urlpatterns = [
    path("u/<str:username>/", views.profile, name="profile"),
]
