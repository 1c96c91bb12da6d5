"""Writes for the evidence module: dataset imports, uploads, district runs, publishing."""
