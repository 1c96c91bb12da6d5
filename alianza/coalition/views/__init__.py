"""Views for the coalition module, one module per feature."""
