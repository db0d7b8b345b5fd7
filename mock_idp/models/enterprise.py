"""Logins in flight at an enterprise identity provider."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class UpstreamLogin(Base):
    """One redirect to an enterprise IdP, waiting for it to come back to /login/callback.

    ``state`` is what the IdP echoes; ``nonce`` and ``code_verifier`` never leave the tenant
    except as the ID token's expected nonce and the PKCE proof at the token endpoint."""

    __tablename__ = "upstream_logins"
    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    transaction_id: Mapped[str] = mapped_column(String(64))
    connection: Mapped[str] = mapped_column(String(200))
    nonce: Mapped[str] = mapped_column(String(64))
    code_verifier: Mapped[str] = mapped_column(Text)
    device_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[int] = mapped_column(Integer)
    used_at: Mapped[int | None] = mapped_column(Integer)
