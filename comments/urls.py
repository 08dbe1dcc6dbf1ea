from django.urls import path

from comments import views

app_name = "comments"
urlpatterns = [
    path("c/<int:pk>/", views.comment_detail, name="comment_detail"),
    path("c/<int:pk>/report/", views.report, name="report"),
]
