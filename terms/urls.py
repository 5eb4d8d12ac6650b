from django.urls import path

from terms import views

app_name = "terms"

urlpatterns = [
    path("", views.term_index, name="index"),
    path("<slug:slug>/", views.term_detail, name="detail"),
]
