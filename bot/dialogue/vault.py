"""Encryption of what is kept only for the claiming volunteer's "Xem số đã ẩn".

A citizen's question is stored masked (bot.dialogue.privacy); when masking hid personal numbers, the
question before masking is kept too, so that the volunteer who claims it may see them. That
original is never stored in clear: it is sealed with `cryptography`'s Fernet (AES-128-CBC and
HMAC-SHA256, authenticated) under the key(s) of DVCBOT_SECRET_KEY.

    vault = Vault.from_config(config)     # DVCBOT_SECRET_KEY="new-key,old-key"
    token = vault.seal("CCCD 001203004567")   # None without a key: nothing is kept
    vault.unseal(token)                       # the text; None if no key opens it

Several keys, comma-separated: the first seals, every one of them opens (MultiFernet), so a
key can be rotated: put the new key first, keep the old one until what it sealed is gone
(see the README). Without a key nothing is sealed, so no original is kept at all: the
volunteers see the masked question only. A key is 32 url-safe base64-encoded bytes, as
`Fernet.generate_key()` makes it.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

__all__ = ["KEY_VARIABLE", "Vault", "check_keys", "new_key"]

KEY_VARIABLE = "DVCBOT_SECRET_KEY"


def new_key() -> str:
    """A fresh key for DVCBOT_SECRET_KEY."""
    return Fernet.generate_key().decode("ascii")


def check_keys(keys: Sequence[str]) -> None:
    """Raise ValueError, naming the variable and the key's position, for a malformed key."""
    for n, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise ValueError(
                f"{KEY_VARIABLE}: key {n} is not a Fernet key (32 url-safe base64-encoded bytes, "
                f"44 characters; make one with: python -c \"from cryptography.fernet import Fernet; "
                f"print(Fernet.generate_key().decode())\")") from None


class Vault:
    """Seals and unseals texts with the configured keys (none: seals nothing)."""

    def __init__(self, keys: Sequence[str] = ()) -> None:
        check_keys(keys)
        self._fernet = MultiFernet([Fernet(k.encode("ascii")) for k in keys]) if keys else None

    @classmethod
    def from_config(cls, config: Any) -> Vault:
        return cls(tuple(getattr(config, "secret_keys", ()) or ()))

    @property
    def enabled(self) -> bool:
        """Whether a key is configured (else nothing is sealed, nothing kept)."""
        return self._fernet is not None

    def seal(self, text: str) -> str | None:
        """`text` encrypted with the first key, as ASCII; None without a key."""
        if self._fernet is None:
            return None
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def unseal(self, token: str | None) -> str | None:
        """The text of a token made by `seal` with any configured key; None when there is no
        token, no key, or no configured key opens it (rotated out, or not a token)."""
        if not token or self._fernet is None:
            return None
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            return None
