"""Revocation of everything issued from one grant, or of one refresh-token family."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..clock import now
from ..models import OpaqueAccessToken, RefreshToken, RevokedGrant


def revoke_grant(db: Session, grant_id: str, reason: str) -> None:
    """Revoke the refresh and opaque tokens issued from one code exchange."""
    stamp = now()
    if db.get(RevokedGrant, grant_id) is None:
        db.add(RevokedGrant(grant_id=grant_id, revoked_at=stamp, reason=reason))
    db.execute(update(RefreshToken).where(RefreshToken.grant_id == grant_id,
                                          RefreshToken.revoked_at.is_(None)).values(revoked_at=stamp))
    db.execute(update(OpaqueAccessToken).where(OpaqueAccessToken.grant_id == grant_id,
                                               OpaqueAccessToken.revoked_at.is_(None))
               .values(revoked_at=stamp))
    db.commit()


def revoke_family(db: Session, family_id: str, reason: str) -> None:
    """Refresh-token reuse: the whole rotation family, and the grant behind it, is revoked."""
    grant_ids = set(db.scalars(select(RefreshToken.grant_id).where(RefreshToken.family_id == family_id)))
    for grant_id in grant_ids:
        revoke_grant(db, grant_id, reason)

