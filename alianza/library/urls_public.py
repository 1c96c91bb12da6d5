from django.urls import path

from alianza.library.views import feeds, files, public

urlpatterns = [
    path("", public.index, name="library-index"),
    path("feed.atom", feeds.all_feed, name="library-feed"),
    path("collections/", public.collections, name="library-collections"),
    path("c/<slug:slug>/", public.collection, name="library-collection"),
    path("r/<slug:slug>/", public.resource, name="library-resource"),
    path("r/<slug:slug>/<str:lang>/download/", files.download, name="library-download"),
    path("r/<slug:slug>/<str:lang>/thumbnail.png", files.thumbnail, name="library-thumbnail"),
]
