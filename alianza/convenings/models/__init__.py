"""Events (convenings, webinars, briefings…), their texts, questions and registrations.

Everything is importable from ``alianza.convenings.models``.
"""

from .events import Event, EventText, Question, validate_time_zone
from .registrations import Registration, ReminderSent

__all__ = ["Event", "EventText", "Question", "Registration", "ReminderSent",
           "validate_time_zone"]
