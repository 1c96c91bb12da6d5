"""Reads for the evidence dashboards and staff pages."""
