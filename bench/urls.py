from django.urls import path

from bench import views
from forum.urls import urlpatterns as forum_urlpatterns

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    path("bench/recursetree/<slug:slug>/", views.recursetree_thread, name="bench_recursetree"),
    *forum_urlpatterns,
]
