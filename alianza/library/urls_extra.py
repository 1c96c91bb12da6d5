"""Public library pages besides search and resources: the press room and topic feeds."""

from django.urls import path

from alianza.library.views import feeds, press

urlpatterns = [
    path("press/", press.press_room, name="library-press"),
    path("topics/<slug:slug>/feed.atom", feeds.topic_feed, name="library-topic-feed"),
]
