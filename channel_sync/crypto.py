"""Credentials at rest: MultiFernet keyed from SMARTSTOCK_CREDENTIALS_KEYS.

The first key encrypts, every key decrypts, so a key is rotated by putting the
new key first, re-encrypting (`manage.py rotate_channel_credentials`) and then
dropping the old key. Settings are read at call time, never at import.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class CredentialsUnreadable(Exception):
    """No configured key decrypts the stored credentials."""


def _dev_key() -> bytes:
    digest = hashlib.sha256(f"channel-credentials:{settings.SECRET_KEY}".encode())
    return base64.urlsafe_b64encode(digest.digest())


def _fernet() -> MultiFernet:
    keys = [key.strip() for key in settings.SMARTSTOCK_CREDENTIALS_KEYS if key.strip()]
    if not keys:
        if not settings.SMARTSTOCK_CREDENTIALS_DEV_KEY:
            raise ImproperlyConfigured(
                "SMARTSTOCK_CREDENTIALS_KEYS must be set to store channel credentials.")
        return MultiFernet([Fernet(_dev_key())])
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "SMARTSTOCK_CREDENTIALS_KEYS holds a key that is not a Fernet key "
            "(32 url-safe base64-encoded bytes).") from error


def encrypt(data: dict[str, str]) -> str:
    return _fernet().encrypt(json.dumps(data).encode()).decode()


def decrypt(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken as error:
        raise CredentialsUnreadable(
            "No configured key decrypts these credentials.") from error


def rotate(token: str) -> str:
    """The same credentials encrypted with the first key."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise CredentialsUnreadable(
            "No configured key decrypts these credentials.") from error
