"""The library pages anyone may open (tests/core/test_staff_personas.py checks every other page
asks for a permission)."""

PUBLIC_PAGES: set[str] = {
    "library-index", "library-resource", "library-collection", "library-collections",
    "library-download", "library-thumbnail", "library-feed",
}
