"""Auth0's rules for custom claims set by Actions, applied before tokens are signed.

Followed from Auth0's "Create Custom Claims" (general restrictions, restricted claims)
and its namespace guidelines: a refused claim is left out of the token — the login goes
on — and listed in a ``w`` tenant log event; more than 100 KB of custom claims fails
the login.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

# Auth0's list of claims subject to its restrictions, plus ``scope`` (the access token's
# own scope claim, which only addScope/removeScope may change).
RESTRICTED = frozenset((
    "acr", "act", "active", "amr", "at_hash", "ath", "attest", "aud", "auth_time",
    "authorization_details", "azp", "c_hash", "client_id", "cnf", "cty", "dest",
    "entitlements", "events", "exp", "groups", "gty", "htm", "htu", "iat",
    "internalService", "iss", "jcard", "jku", "jti", "jwe", "jwk", "kid", "may_act", "mky",
    "nbf", "nonce", "object_id", "org_id", "org_name", "orig", "origid", "permissions",
    "roles", "rph", "s_hash", "sid", "sip_callid", "sip_cseq_num", "sip_date",
    "sip_from_tag", "sip_via_branch", "sub", "sub_jwk", "toe", "txn", "typ", "uuid", "vot",
    "vtm", "x5t#S256", "scope",
))
# OpenID Connect standard profile claims: fixed in ID tokens, allowed in access tokens.
OIDC_PROFILE = frozenset((
    "address", "birthdate", "email", "email_verified", "family_name", "gender",
    "given_name", "locale", "middle_name", "name", "nickname", "phone_number",
    "phone_number_verified", "picture", "preferred_username", "profile", "updated_at",
    "website", "zoneinfo",
))
AUTH0_DOMAINS = ("auth0.com", "webtask.io", "webtask.run")
MAX_BYTES = 100 * 1024


def namespaced(name: str) -> bool:
    """Auth0 calls a claim namespaced when its name is an http(s) URL."""
    return name.startswith(("http://", "https://"))


def refusal(name: str, token: str, auth0_api: bool = False) -> str | None:
    """Why ``name`` may not be set on the ``token`` ("id" or "access"), or None."""
    if name in RESTRICTED:
        return "a restricted claim name"
    if token == "id" and name in OIDC_PROFILE:
        return "an OpenID Connect standard claim"
    if name.lower().startswith("urn:auth0"):
        return "the urn:auth0 namespace is reserved"
    if namespaced(name):
        host = (urlsplit(name).hostname or "").lower()
        if any(host == domain or host.endswith("." + domain) for domain in AUTH0_DOMAINS):
            return f"{host} is an Auth0 domain and cannot be a namespace"
    elif token == "access" and auth0_api and name not in OIDC_PROFILE:
        return "access tokens for an Auth0 API only take namespaced (URL) custom claims"
    return None


def screen(claims: dict, token: str, auth0_api: bool = False) -> tuple[dict, list[dict]]:
    """Split ``claims`` into those kept and those refused (with the reason)."""
    kept, refused = {}, []
    for name, value in claims.items():
        reason = refusal(name, token, auth0_api)
        if reason is None:
            kept[name] = value
        else:
            refused.append({"claim": name, "token": f"{token}_token", "reason": reason})
    return kept, refused


def too_large(*claim_sets: dict) -> bool:
    """Auth0 caps the custom claims of a transaction at 100 KB."""
    return sum(len(json.dumps(claims, separators=(",", ":"))) for claims in claim_sets) > MAX_BYTES
