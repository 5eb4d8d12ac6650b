from django.urls import path

from terms import embed, twins, views
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
    path("embed.js", embed.embed_script, name="embed_script"),
    path("embed.css", embed.embed_stylesheet, name="embed_stylesheet"),
    path("embed/terms.json", embed.embed_index, name="embed_index"),
    path("embed/", embed.embed_guide, name="embed"),
    path("<slug:slug>/", views.term_detail, name="detail"),
    path("<slug:slug>.md", twins.term_markdown_view, name="markdown"),
]
