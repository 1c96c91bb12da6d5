"""Writes for events: registering, cancelling, the waitlist, telling registrants of changes,
reminders."""

from .changes import event_cancel, event_update_notify
from .registration import (
    RegistrationOutcome,
    RegistrationRefused,
    registration_cancel,
    registration_create,
    waitlist_promote,
)
from .reminders import reminder_send, reminders_queue_due

__all__ = [
    "RegistrationOutcome",
    "RegistrationRefused",
    "event_cancel",
    "event_update_notify",
    "registration_cancel",
    "registration_create",
    "reminder_send",
    "reminders_queue_due",
    "waitlist_promote",
]
