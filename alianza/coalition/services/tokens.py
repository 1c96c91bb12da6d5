"""Signed links sent by email: confirm a submission, withdraw a signature.

Links carry the id and the address they were sent to, signed with the site's key, so a
link stops working if the address on file changes. A confirmation link names the stored
submission it confirms (``JoinConfirmation``); links sent before submissions were stored
name the person instead and are still honoured until they expire.
"""

from __future__ import annotations

from django.core import signing

CONFIRM_SALT = "alianza.coalition.confirm"
WITHDRAW_SALT = "alianza.coalition.withdraw"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 30  # thirty days


def confirm_token(*, person_id: int, email: str) -> str:
    return signing.dumps({"p": person_id, "e": email}, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None


def join_token(*, confirmation_id: int, email: str) -> str:
    return signing.dumps({"j": confirmation_id, "e": email}, salt=CONFIRM_SALT, compress=True)


def withdraw_token(*, signature_id: int, email: str) -> str:
    return signing.dumps({"s": signature_id, "e": email}, salt=WITHDRAW_SALT, compress=True)


RECEIPT_SALT = "alianza.coalition.receipt"
RECEIPT_MAX_AGE = 60 * 60  # the thank-you page repeats the address typed for an hour


def receipt_token(submission_id: int) -> str:
    """Names a stored submission on the thank-you page without revealing how many exist."""
    return signing.dumps(submission_id, salt=RECEIPT_SALT)


def read_receipt_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def read_withdraw_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=WITHDRAW_SALT)
    except signing.BadSignature:
        return None
