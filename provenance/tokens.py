"""Bearer tokens for HTTP writes: shown once at creation, stored only as a SHA-256 hash."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlmodel import Session

from provenance.models import ApiToken, utcnow


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str) -> str:
    """Create a named token and return its secret (the only time it is visible)."""
    if session.scalars(select(ApiToken).where(ApiToken.name == name)).first() is not None:
        raise ValueError(f"a token named {name!r} already exists")
    secret = "prov_" + secrets.token_urlsafe(32)
    session.add(ApiToken(name=name, token_hash=_digest(secret)))
    session.flush()
    return secret


def list_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id)).all())


def revoke_token(session: Session, name: str) -> bool:
    """Revoke a token by name; False if there is no such active token."""
    tok = session.scalars(select(ApiToken).where(ApiToken.name == name, ApiToken.revoked_at.is_(None))).first()
    if tok is None:
        return False
    tok.revoked_at = utcnow()
    session.flush()
    return True


def verify_token(session: Session, secret: str | None) -> ApiToken | None:
    """The active token matching `secret`, or None."""
    if not secret:
        return None
    digest = _digest(secret)
    for tok in session.scalars(select(ApiToken).where(ApiToken.token_hash == digest,
                                                      ApiToken.revoked_at.is_(None))).all():
        if hmac.compare_digest(tok.token_hash, digest):
            return tok
    return None
