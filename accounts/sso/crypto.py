"""The client secrets of the municipalities' identity providers, encrypted at rest (Fernet)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _fernet() -> MultiFernet:
    keys = list(settings.SSO_SECRET_KEYS)
    if not keys:
        digest = hashlib.sha256(b"brobygger-sso-secret:" + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt_secret(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt_secret(value: str) -> str:
    """The secret, or "" when it cannot be read (keys changed): sign-in then fails visibly."""
    if not value:
        return ""
    try:
        return _fernet().decrypt(value.encode()).decode()
    except InvalidToken:
        return ""
