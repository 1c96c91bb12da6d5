"""Import Open States v3 bill JSON: ``manage.py policy_import_bills FILE-OR-FOLDER...``.

With ``--fetch --session 20232024`` (and ``OPENSTATES_API_KEY`` set) the session's bills are
first fetched from the Open States API into the folder given (or a temporary one), then
imported from there. Counts and problems are printed in the active language (``--language``
chooses it); the command fails when anything was refused, after importing the rest.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alianza.policy.identifiers import IdentifierError, parse_session
from alianza.policy.importers.bills import ImportReport
from alianza.policy.importers.messages import identifier_error_message, problem_message
from alianza.policy.importers.openstates_api import OpenStatesApiError, OpenStatesClient
from alianza.policy.services.bill_import import BillImportBusy, bills_fetch, bills_import


class Command(BaseCommand):
    help = "Import Open States bill JSON files or folders; optionally fetch them first."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", type=Path,
                            help="Bill JSON files or folders of them (or, with --fetch, "
                                 "the folder to write the fetched pages into).")
        parser.add_argument("--fetch", action="store_true",
                            help="Fetch from the Open States API (needs OPENSTATES_API_KEY).")
        parser.add_argument("--session", default="", help="With --fetch: e.g. 20232024.")
        parser.add_argument("--since", default="",
                            help="With --fetch: only bills updated since this date.")
        parser.add_argument("--events", action="store_true",
                            help="With --fetch: also fetch committee hearings (events).")
        parser.add_argument("--api-url", default="", help=argparse.SUPPRESS)
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            help="Language of the messages (default: the active one).")

    def handle(self, *args, paths: list[Path], fetch: bool, session: str, since: str,
               events: bool, api_url: str, language: str | None, **options) -> None:
        with translation.override(language or translation.get_language()):
            try:
                report = self._run(paths, fetch, session, since, events, api_url)
            except BillImportBusy:
                raise CommandError(_("Another bill import is running; nothing was imported. "
                                     "Try again when it has finished.")) from None
            self._print(report)
            if report.errors:
                raise CommandError(ngettext("%(count)d problem; see above.",
                                            "%(count)d problems; see above.",
                                            report.errors) % {"count": report.errors})

    def _run(self, paths, fetch, session, since, events, api_url) -> ImportReport:
        if not fetch:
            if not paths:
                raise CommandError(_("Name at least one bill file or folder."))
            missing = [str(p) for p in paths if not p.exists()]
            if missing:
                raise CommandError(_("No such file or folder: %(paths)s")
                                   % {"paths": ", ".join(missing)})
            return bills_import(paths=paths)
        try:
            session = parse_session(session)
        except IdentifierError as error:
            raise CommandError(identifier_error_message(error)) from None
        options = {"base_url": api_url} if api_url else {}
        client = OpenStatesClient.from_environment(**options)
        if client is None:
            raise CommandError(_("Set OPENSTATES_API_KEY to fetch from Open States."))
        if len(paths) > 1:
            raise CommandError(_("With --fetch, name at most one folder to write into."))
        try:
            files, report = bills_fetch(client=client, session=session,
                                        folder=paths[0] if paths else None,
                                        updated_since=since, events=events)
        except OpenStatesApiError as error:
            raise CommandError(_("The Open States API refused or could not be reached "
                                 "(%(error)s); nothing was imported.")
                               % {"error": error}) from None
        if files:
            self.stdout.write(ngettext("Fetched %(count)d page into %(folder)s.",
                                       "Fetched %(count)d pages into %(folder)s.",
                                       len(files)) % {"count": len(files),
                                                      "folder": files[0].parent})
        return report

    def _print(self, report: ImportReport) -> None:
        for problem in report.problems:
            self.stderr.write(problem_message(problem))
        lines = [
            ngettext("%(count)d bill created", "%(count)d bills created", report.created),
            ngettext("%(count)d updated", "%(count)d updated", report.updated),
            ngettext("%(count)d unchanged", "%(count)d unchanged", report.unchanged),
            ngettext("%(count)d conflict with staff edits", "%(count)d conflicts with staff "
                     "edits", report.conflicts),
            ngettext("%(count)d error", "%(count)d errors", report.errors),
        ]
        counts = [report.created, report.updated, report.unchanged, report.conflicts,
                  report.errors]
        summary = "; ".join(line % {"count": n} for line, n in zip(lines, counts, strict=True))
        self.stdout.write(ngettext("%(count)d file read: ", "%(count)d files read: ",
                                   report.files) % {"count": report.files} + summary + ".")
        hearings = report.hearings_created + report.hearings_updated + report.hearings_removed
        if hearings or report.changes:
            self.stdout.write(_(
                "Hearings: %(created)d new, %(updated)d changed, %(removed)d removed. "
                "News for tracked bills: %(changes)d.") % {
                "created": report.hearings_created, "updated": report.hearings_updated,
                "removed": report.hearings_removed, "changes": report.changes})
