"""Writes of the outreach module, one module per concern."""
