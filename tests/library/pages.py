"""The library pages anyone may open (tests/core/test_staff_personas.py checks every other page
asks for a permission)."""

PUBLIC_PAGES: set[str] = {"library-index"}
