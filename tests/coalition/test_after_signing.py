"""After signing: the thank-you pages offer sharing, updates and workgroups."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from alianza.coalition.models import StatementText

# Emails are queued on commit, so these tests use real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


def sign(client, language: str = "en"):
    with translation.override(language):
        url = reverse("coalition-statement", kwargs={"slug": "statement-of-agreement"})
    return client.post(url, {"actions": ["sign_individual"], "name": "María López",
                             "email": "maria@example.org"})


def confirm_path(mailbox) -> str:
    body = mailbox.body(mailbox.to("maria@example.org")[-1])
    match = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+/)", body)
    assert match, body
    return match.group(1)


def hrefs(page: str) -> list[str]:
    return [unquote(h).replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', page)]


def test_the_thank_you_page_offers_share_links_in_the_readers_language(
        client, statement, smtp_server):
    response = sign(client, "es")
    page = client.get(response["Location"]).content.decode()

    links = hrefs(page)
    whatsapp = next(h for h in links if h.startswith("https://wa.me/?text="))
    assert "Firmé “Declaración de Acuerdo”" in whatsapp
    assert "/es/statements/statement-of-agreement/" in whatsapp
    assert any(h.startswith("mailto:?subject=Declaración de Acuerdo&body=") for h in links)
    assert any(h.startswith("https://twitter.com/intent/tweet?text=") for h in links)
    assert any(h.startswith("https://www.facebook.com/sharer/sharer.php?u=") for h in links)


def test_staff_written_share_messages_are_used_per_language(client, statement, smtp_server):
    StatementText.objects.filter(language="en").update(
        share_message="Our kids deserve better. Sign with me:")
    StatementText.objects.filter(language="es").update(
        share_message="Nuestros hijos merecen más. Firma conmigo:")

    english = client.get(sign(client, "en")["Location"]).content.decode()
    spanish = client.get(sign(client, "es")["Location"]).content.decode()

    assert "Our kids deserve better. Sign with me:" in english
    assert "Nuestros hijos merecen más. Firma conmigo:" in spanish
    assert "Firmé" not in spanish


def test_the_confirmed_page_offers_sharing_updates_and_workgroups(client, statement,
                                                                  smtp_server):
    sign(client)
    path = confirm_path(smtp_server)
    response = client.post(path)
    page = client.get(response["Location"]).content.decode()

    links = hrefs(page)
    assert "Your email is confirmed" in page
    assert any(h.startswith("https://wa.me/?text=") for h in links)
    assert reverse("outreach-signup") in links
    assert reverse("coalition-workgroups") in links
    assert reverse("coalition-statement-signatories", args=[statement.slug]) in links


def test_the_copy_button_waits_for_the_script_and_the_link_is_printed(client, statement,
                                                                      smtp_server):
    page = client.get(sign(client)["Location"]).content.decode()

    button = re.search(r"<button[^>]*data-copy=\"([^\"]+)\"[^>]*>", page)
    assert button and " hidden" in button.group(0)
    assert button.group(1).endswith("/en/statements/statement-of-agreement/")
    assert f'<span class="share-url">{button.group(1)}</span>' in page
    assert "coalition/share.js" in page
    assert "<script>" not in page  # no inline script: the page's CSP forbids it


def test_a_thank_you_page_without_its_receipt_still_offers_workgroups(client, statement):
    page = client.get(reverse("coalition-join-done") + "?r=forged").content.decode()

    assert reverse("coalition-workgroups") in page
    assert "wa.me" not in page


def test_a_share_message_longer_than_500_characters_is_refused(statement):
    text = StatementText.objects.get(language="en")
    text.share_message = "x" * 501

    with pytest.raises(ValidationError) as error:
        text.full_clean()

    assert "share_message" in error.value.message_dict
