"""Users an administrator blocked (``PATCH /api/v2/users/{id}`` with ``blocked: true``).

Unlike brute-force blocks (per identifier and IP, lifted by the user-blocks endpoints or the
unblock email) this block is on the account and lasts until an administrator sets
``blocked: false``. While it lasts:

- a login with the right password goes back to the application with ``unauthorized`` /
  ``user is blocked`` and an ``f`` event (``authn.UserBlocked``);
- the user's SSO sessions are ended the moment the block is set (``end_sessions``), so
  ``prompt=none`` answers ``login_required`` and every application's next login shows the
  login page;
- refresh-token exchanges answer 403 ``invalid_grant`` / ``user is blocked``, and
  ``/userinfo`` 401 (both check the flag on every call, so they work again after unblocking);
- access tokens already issued stay valid until they expire: an API verifying JWTs cannot
  know about the block. Keep their lifetime short where that matters.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..clock import now
from ..models import SsoSession, User


def end_sessions(db: Session, user: User) -> int:
    """End every live SSO session of ``user``; returns how many there were."""
    ended = db.execute(update(SsoSession)
                       .where(SsoSession.user_id == user.user_id, SsoSession.ended_at.is_(None))
                       .values(ended_at=now())).rowcount
    db.commit()
    return ended
