"""The library pages anyone may open (tests/core/test_staff_personas.py checks every other page
asks for a permission)."""

PUBLIC_PAGES: set[str] = {
    "library-index", "library-resource", "library-collection", "library-collections",
    "library-download", "library-thumbnail", "library-feed",
}
# The press room and the per-topic feeds (alianza/library/urls_extra.py).
PUBLIC_PAGES |= {"library-press", "library-topic-feed"}
