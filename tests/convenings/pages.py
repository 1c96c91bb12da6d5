"""The convenings pages anyone may open (tests/core/test_staff_personas.py checks every other page
asks for a permission)."""

PUBLIC_PAGES: set[str] = {
    "events-index", "events-past", "events-feed", "events-event", "events-registered",
    "events-ics", "events-registration", "events-registration-ics",
}
