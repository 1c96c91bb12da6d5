"""Survey respondents' part of a person's data, for export and erasure (core.privacy).

Answers are anonymous; only a respondent who chose to be contacted left a name, an address
or a phone number, in ``ResponseContact``. Export gives those contacts and the answers of the
responses they belong to. Erasure deletes the contacts: the answers stay, counted in the
findings, but nothing ties them to the person any more. The consent rows themselves are the
coalition module's to handle.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from alianza.listening.models import Answer, ResponseContact


def _contacts(person) -> Q:
    addresses = [person.email, *person.other_emails.values_list("email", flat=True)]
    return Q(person=person) | Q(email__in=[a.strip().lower() for a in addresses if a])


def _answer_value(answer: Answer) -> Any:
    if answer.option_id:
        return {"choice": answer.option.value, "rank": answer.rank, "text": answer.text or None}
    if answer.number is not None:
        return answer.number
    if answer.date is not None:
        return answer.date.isoformat()
    return answer.text


def survey_contacts_export(person) -> list[dict[str, Any]]:
    contacts = (ResponseContact.objects.filter(_contacts(person))
                .select_related("response__survey"))
    rows = []
    for contact in contacts:
        response = contact.response
        answers: dict[str, list] = {}
        for answer in (Answer.objects.filter(response=response)
                       .select_related("question", "option").order_by("pk")):
            answers.setdefault(answer.question.name, []).append(_answer_value(answer))
        rows.append({
            "survey": response.survey.slug, "name": contact.name, "email": contact.email,
            "phone": contact.phone, "language": contact.language,
            "created_at": contact.created_at.isoformat(),
            "submitted_at": response.submitted_at.isoformat() if response.submitted_at
            else None,
            "answers": answers,
        })
    return rows


def survey_contacts_erase(person) -> dict[str, int]:
    _count, by_model = ResponseContact.objects.filter(_contacts(person)).delete()
    return {"survey_contacts_removed": by_model.get("listening.ResponseContact", 0)}
