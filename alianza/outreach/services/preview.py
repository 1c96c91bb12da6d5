"""Preview and test-send: what a mailing looks like, before it goes to anyone."""

from __future__ import annotations

from email import message_from_bytes, policy

from alianza.core.email_address import email_address_normalize
from alianza.outreach.models import Mailing
from alianza.outreach.services.composer import MailingComposer
from alianza.outreach.services.validation import address_problem, content_problems

SAMPLE = {"name": "Ana García", "organization": "Parent Organization Network"}


def mailing_preview(*, mailing: Mailing, language: str) -> dict:
    """Subject, HTML and text of ``mailing`` for a sample reader of ``language``."""
    errors = content_problems(mailing)
    if errors:
        return {"errors": errors}
    outgoing = MailingComposer(mailing).render(
        delivery_id=0, person_id=0, address="reader@example.org", name=SAMPLE["name"],
        organization=SAMPLE["organization"], language=language)
    message = message_from_bytes(outgoing.raw, policy=policy.default)
    return {
        "errors": [], "subject": str(message["Subject"]), "language": message["Content-Language"],
        "html": message.get_body(("html",)).get_content(),
        "text": message.get_body(("plain",)).get_content(),
    }


def mailing_test_send(*, mailing: Mailing, address: str, language: str) -> list[str]:
    """Send one test copy to ``address``. Returns problems; nothing is sent if there are any."""
    from alianza.outreach import conf
    from alianza.outreach.services.sending import smtp_open

    errors = content_problems(mailing)
    if problem := address_problem(address):
        errors.insert(0, problem)
    if errors:
        return errors
    address = email_address_normalize(address)
    outgoing = MailingComposer(mailing).render(
        delivery_id=0, person_id=0, address=address, name=SAMPLE["name"],
        organization=SAMPLE["organization"], language=language, test=True)
    server = smtp_open(conf.provider(mailing.provider))
    try:
        server.sendmail(outgoing.envelope_from, [address], outgoing.raw)
    finally:
        server.quit()
    return []
