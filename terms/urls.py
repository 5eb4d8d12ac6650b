from django.urls import path

from terms import views
from terms.cache import public_page
from terms.feeds import latest_terms

app_name = "terms"

urlpatterns = [
    path("", views.term_index, name="index"),
    path("letter/<str:letter>/", views.term_letter, name="letter"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<str:slug>/", views.topic_detail, name="topic"),
    path("search/", views.search, name="search"),
    path("feed/", public_page(latest_terms), name="feed"),
    path("<slug:slug>/", views.term_detail, name="detail"),
]
