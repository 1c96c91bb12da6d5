"""Fixtures for the core tests: a real webhook receiver (tests/core/webhook_receiver.py)."""

from tests.core.webhook_receiver import receiver  # noqa: F401 - offered to every core test
