"""Just-in-time users of an enterprise connection: created at their first login with the
profile the IdP vouches for, brought up to date at later ones.

The user id is ``oidc|<connection>|<IdP sub>``, so the identity is ``provider: oidc``,
``user_id: <connection>|<sub>``, ``connection: <connection>``, ``isSocial: false``, as
Auth0 stores it. ``set_user_root_attributes`` decides whether later logins overwrite the
profile (``on_each_login``, Auth0's default), only the first one writes it
(``on_first_login``), or the IdP never does (``never_on_login``).
"""

from __future__ import annotations

from flask import request

from ..clock import now
from ..models import User

PROFILE = ("name", "given_name", "family_name", "nickname", "picture")
LIMITS = {"name": 300, "given_name": 150, "family_name": 150, "nickname": 150, "picture": 500}


def user_id(connection, sub: str) -> str:
    return f"oidc|{connection.name}|{sub}"


def _profile(claims: dict) -> dict:
    """The root attributes the tenant keeps, from the ID token's standard claims."""
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    profile = {key: claims[key][:LIMITS[key]] for key in PROFILE
               if isinstance(claims.get(key), str) and claims[key]}
    if email:
        profile["email"] = email.strip().lower()[:320]
        profile["email_verified"] = claims.get("email_verified") is True
        profile.setdefault("nickname", profile["email"].split("@")[0][:150])
    profile.setdefault("name", profile.get("email") or claims["sub"][:300])
    return profile


def upsert(db, connection, claims: dict) -> tuple[User, bool]:
    """The tenant's user for these verified claims, and whether it was just created."""
    stamp = now()
    row = db.get(User, user_id(connection, claims["sub"]))
    created = row is None
    if created:
        row = User(user_id=user_id(connection, claims["sub"]), connection=connection.name,
                   created_at=stamp, user_metadata={}, app_metadata={}, logins_count=0)
        db.add(row)
    policy = (connection.options or {}).get("set_user_root_attributes", "on_each_login")
    if created or policy == "on_each_login":
        for key, value in _profile(claims).items():
            setattr(row, key, value)
        row.updated_at = stamp
    row.last_login, row.last_ip = stamp, request.remote_addr
    row.logins_count = (row.logins_count or 0) + 1
    db.commit()
    return row, created
