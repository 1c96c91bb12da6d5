"""Signed links sent by email: confirm an address, withdraw a signature.

Links carry the id and the address they were sent to, signed with the site's key, so
nothing needs storing and a link stops working if the address on file changes.
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


def withdraw_token(*, signature_id: int, email: str) -> str:
    return signing.dumps({"s": signature_id, "e": email}, salt=WITHDRAW_SALT, compress=True)


def read_withdraw_token(token: str) -> dict | None:
    try:
        return signing.loads(token, salt=WITHDRAW_SALT)
    except signing.BadSignature:
        return None
