"""The library's Atom feeds (see alianza.library.feeds)."""

from alianza.library.feeds import ResourceFeed

all_feed = ResourceFeed()
topic_feed = ResourceFeed()
