"""Load the listening demo: a needs assessment like the seed's (20 partners, a few hundred
responses in English and Spanish, ranked concerns, tagged comments) and a finished frame
test with a real effect among parents. Safe to run twice: a survey already there is kept."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from alianza.listening.demo.frames import demo_frames
from alianza.listening.demo.needs import demo_needs


class Command(BaseCommand):
    help = "Create the listening module's demo surveys and responses."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--responses", type=int, default=640,
                            help="Responses to the needs assessment (default 640).")
        parser.add_argument("--frame-responses", type=int, default=600,
                            help="Responses to the frame test (default 600).")

    def handle(self, *args, responses: int, frame_responses: int, **options) -> None:
        admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        needs = demo_needs(responses=responses, created_by=admin)
        frames = demo_frames(responses=frame_responses, created_by=admin)
        made = [survey.slug for survey in (needs, frames) if survey is not None]
        if made:
            self.stdout.write(f"Listening demo: created {', '.join(made)}.")
        else:
            self.stdout.write("Listening demo: already there, nothing to do.")
