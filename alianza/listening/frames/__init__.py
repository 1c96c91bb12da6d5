"""Narrative frame tests: assigning respondents to frames, comparing the outcomes, and
saying in plain words what the comparison shows."""
