"""The readers' refusal messages, marked for translation.

The CDE readers stay free of Django and raise errors with a ``code`` and ``params``; the
English text here repeats their templates word for word (a test checks that) so each analyst
reads the message in their own language.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from alianza.evidence.models import Dataset

TEMPLATES = {
    "cde.unreadable": _("{file} could not be read: {reason}."),
    "cde.empty": _("{file} has no rows of data."),
    "cde.unrecognised": _(
        "{file} does not have the layout of the {kind} file. Missing columns: {missing}."
    ),
    "cde.unknown_kind": _(
        "{file} is not a California Department of Education file that Alianza can read "
        "(closest match: {kind}, which needs {missing})."
    ),
    "cde.bad_value": _(
        "{file}: the {column} column has '{value}' on row {row}, where a count, '*' "
        "(suppressed) or a blank was expected."
    ),
    "cde.bad_code": _("{file}: the {column} column has '{value}' on row {row}, not a code."),
}


def refusal_message(code: str, params: dict[str, str]) -> str:
    """The reader's message for ``code`` in the active language."""
    if code.startswith("file."):  # refused by the limits every upload reader shares
        from alianza.core.untrusted_messages import MESSAGES

        refusal = MESSAGES.get(code)
        if refusal is None:
            return gettext("The file could not be imported.")
        try:
            text = str(refusal).format(**params)
        except (KeyError, IndexError, ValueError):
            return gettext("The file could not be imported.")
        return f"{params['file']}: {text}" if params.get("file") else text
    template = TEMPLATES.get(code)
    if template is None:
        return gettext("The file could not be imported.")
    params = dict(params)
    kind_id = params.get("kind_id")
    if kind_id in Dataset.Kind.values:
        params["kind"] = str(Dataset.Kind(kind_id).label)
    try:
        return str(template).format(**params)
    except (KeyError, IndexError, ValueError):
        return gettext("The file could not be imported.")
