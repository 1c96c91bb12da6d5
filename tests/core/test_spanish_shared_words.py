"""Catalogues merge across modules, so a bare word ("title", "Sign up") gets one Spanish
translation for the whole site; the words that mean something else in a module carry a
context and read right there."""

from __future__ import annotations

from django.core.management import call_command
from django.utils import translation

from alianza.coalition.models import Signature, StatementText
from alianza.policy.forms_meetings import AttendeeForm
from alianza.policy.models import BillStatus
from alianza.policy.selectors.tracker import _count_labels


def setup_module() -> None:
    call_command("i18n_compile", verbosity=0)


def test_a_statements_title_is_a_title_and_a_signers_title_is_a_job_title():
    with translation.override("es"):
        assert str(StatementText._meta.get_field("title").verbose_name) == "título"
        assert str(Signature._meta.get_field("title").verbose_name) == "cargo"


def test_the_email_list_button_subscribes_and_the_workgroup_button_signs_up():
    with translation.override("es"):
        assert translation.pgettext("email list", "Sign up") == "Suscribirse"
        assert translation.gettext("Sign up") == "Inscribirse"


def test_bill_and_meeting_words_agree_with_what_they_describe():
    with translation.override("es"):
        assert str(BillStatus.WITHDRAWN.label) == "Retirado"
        assert str(AttendeeForm().fields["role"].label) == "Función"
        assert _count_labels()["other"] == "Otros"
        assert translation.pgettext("vote", "Failed") == "Rechazado"
