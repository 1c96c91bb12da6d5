"""Views for the library, one module per feature."""
