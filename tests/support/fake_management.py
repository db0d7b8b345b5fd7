"""A tiny stand-in for a tenant's Management API, for mock-tier tests of the web apps.

It serves what the apps' back ends call, in Auth0's shapes: ``POST /oauth/token``
(``client_credentials`` for the audience ``<url>/api/v2/``), ``GET``/``PATCH
/api/v2/users/{id}`` (metadata merged as Auth0 does: top-level keys, ``null`` deletes) and
``POST /api/v2/jobs/verification-email``, and the organization reads the B2B app makes
(``GET /api/v2/organizations/{id}``, ``GET /api/v2/users/{id}/organizations`` from
``organizations`` and ``memberships``, members listed and removed, a member's roles from
``member_roles``, assigned and removed) and ``PATCH /api/v2/organizations/{id}`` (metadata
replaced as a whole, as Auth0 does, within Auth0's limits), ``GET /api/v2/roles`` (``roles``)
and an organization's invitations (create, list, delete, in ``invitations``). Every call is recorded. Tests steer it through
attributes: ``users``, ``token_ttl``, ``fail_next`` (one-shot ``(status, body)`` for the next
API call, or the next of method ``fail_method``), ``revoke_tokens()``.
"""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime, timedelta

from flask import Flask, jsonify, request

from apps.common.metadata_form import merged_metadata
from tests.support.servers import LiveServer

DEMO_USER_ID = "auth0|demo-user"


def stamp(offset_seconds: float = 0) -> str:
    """An Auth0-style ISO date (milliseconds, ``Z``), ``offset_seconds`` from now."""
    moment = datetime.now(UTC) + timedelta(seconds=offset_seconds)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def demo_user(**changes) -> dict:
    """The Management API's view of FakeIdP's default user."""
    user = {"user_id": DEMO_USER_ID, "email": "demo@example.com", "email_verified": True,
            "name": "Demo User", "nickname": "demo", "picture": "https://example.com/demo.png",
            "created_at": stamp(-86400), "updated_at": stamp(-3600),
            "identities": [{"provider": "auth0", "user_id": "demo-user", "isSocial": False,
                            "connection": "Username-Password-Authentication"}],
            "user_metadata": {"preferred_language": "en", "marketing_consent": True},
            "app_metadata": {"loyalty_tier": "gold"}}
    user.update(changes)
    return user


class FakeManagementApi:
    """One tenant's Management API with one M2M client; ``start()`` puts it on a LiveServer."""

    def __init__(self, client_id: str = "fake-mgmt-client", client_secret: str = "fake-mgmt-secret"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.server = LiveServer()
        self.url = self.server.url
        self.audience = f"{self.url}/api/v2/"
        self.users: dict[str, dict] = {DEMO_USER_ID: demo_user()}
        self.token_ttl = 86400
        self.fail_next: tuple[int, dict] | None = None
        self.fail_method: str | None = None  # when set, fail_next waits for a call of it
        self.token_requests: list[dict] = []
        self.calls: list[dict] = []  # {"method", "path", "authorization", "json"}
        self.jobs: list[dict] = []
        self.organizations: dict[str, dict] = {}  # id -> Auth0's organization object
        self.memberships: dict[str, list[str]] = {}  # user id -> organization ids
        self.member_roles: dict[tuple[str, str], list[str]] = {}  # (org id, user id) -> names
        self.roles = {"rol_orgmember000001": "org-member", "rol_orgadmin0000001": "org-admin",
                      "rol_support00000001": "support"}  # id -> name
        self.invitations: dict[str, list[dict]] = {}  # org id -> Auth0's invitation objects
        self.tokens: list[str] = []  # every token issued, newest last
        self._valid: set[str] = set()
        self._lock = threading.Lock()

    def start(self) -> FakeManagementApi:
        self.server.start(self.create_app())
        return self

    def stop(self) -> None:
        self.server.stop()

    def revoke_tokens(self) -> None:
        with self._lock:
            self._valid.clear()

    def calls_to(self, method: str, path_prefix: str = "/api/v2/") -> list[dict]:
        return [c for c in self.calls if c["method"] == method and c["path"].startswith(path_prefix)]

    # -- the Flask app -------------------------------------------------------------------

    def create_app(self) -> Flask:
        app = Flask("fake_management")
        app.add_url_rule("/oauth/token", view_func=self._token, methods=["POST"])
        app.add_url_rule("/api/v2/users/<user_id>", view_func=self._user,
                         methods=["GET", "PATCH"])
        app.add_url_rule("/api/v2/jobs/verification-email", view_func=self._verification_email,
                         methods=["POST"])
        app.add_url_rule("/api/v2/organizations/<org_id>", view_func=self._organization,
                         methods=["GET", "PATCH"])
        app.add_url_rule("/api/v2/users/<user_id>/organizations",
                         view_func=self._user_organizations)
        app.add_url_rule("/api/v2/organizations/<org_id>/members/<user_id>/roles",
                         view_func=self._member_roles, methods=["GET", "POST", "DELETE"])
        app.add_url_rule("/api/v2/organizations/<org_id>/members", view_func=self._members,
                         methods=["GET", "DELETE"])
        app.add_url_rule("/api/v2/roles", view_func=self._roles)
        app.add_url_rule("/api/v2/organizations/<org_id>/invitations",
                         view_func=self._invitations, methods=["GET", "POST"])
        app.add_url_rule("/api/v2/organizations/<org_id>/invitations/<invitation_id>",
                         view_func=self._delete_invitation, methods=["DELETE"])
        app.before_request(self._record_and_check)
        return app

    def _token(self):
        form = request.form.to_dict()
        self.token_requests.append(form)
        if (form.get("client_id"), form.get("client_secret")) != (self.client_id,
                                                                   self.client_secret):
            return jsonify(error="access_denied", error_description="Unauthorized"), 401
        if form.get("grant_type") != "client_credentials" or form.get("audience") != self.audience:
            return jsonify(error="access_denied",
                           error_description="Client is not authorized for this audience"), 403
        token = f"mgmt-{secrets.token_urlsafe(24)}"
        with self._lock:
            self._valid.add(token)
            self.tokens.append(token)
        return jsonify(access_token=token, token_type="Bearer", expires_in=self.token_ttl,
                       scope="read:users update:users")

    def _record_and_check(self):
        if not request.path.startswith("/api/v2/"):
            return None
        header = request.headers.get("Authorization", "")
        self.calls.append({"method": request.method, "path": request.path,
                           "authorization": header, "json": request.get_json(silent=True)})
        if header.removeprefix("Bearer ") not in self._valid:
            return _error(401, "Unauthorized", "Invalid token", "invalid_token")
        if self.fail_next is not None and self.fail_method in (None, request.method):
            (status, body), self.fail_next = self.fail_next, None
            return jsonify(body), status
        return None

    def _user(self, user_id: str):
        user = self.users.get(user_id)
        if user is None:
            return _error(404, "Not Found", "The user does not exist.", "inexistent_user")
        if request.method == "PATCH":
            body = request.get_json(silent=True) or {}
            for key in ("user_metadata", "app_metadata"):
                if key in body:
                    user[key] = _merge(user.get(key) or {}, body[key])
            user["updated_at"] = stamp()
        return jsonify(user)

    def _verification_email(self):
        body = request.get_json(silent=True) or {}
        if body.get("user_id") not in self.users:
            return _error(404, "Not Found", "The user does not exist.", "inexistent_user")
        job = {"type": "verification_email", "status": "pending", "created_at": stamp(),
               "id": f"job_{secrets.token_hex(8)}"}
        self.jobs.append({**job, **body})
        return jsonify(job), 201

    def _organization(self, org_id: str):
        org = self.organizations.get(org_id)
        if org is None:
            return _error(404, "Not Found", "No organization found by that id.", "inexistent_org")
        if request.method == "PATCH":
            metadata = (request.get_json(silent=True) or {}).get("metadata", org.get("metadata"))
            problem = _org_metadata_problem(metadata)
            if problem:
                return _error(400, "Bad Request", f"Payload validation error: {problem}",
                              "invalid_body")
            # Auth0 replaces an organization's metadata (no merge); null values are dropped.
            org["metadata"] = {k: v for k, v in metadata.items() if v is not None}
        return jsonify(org)

    def _member_roles(self, org_id: str, user_id: str):
        if user_id not in self.memberships or org_id not in self.memberships[user_id]:
            return _error(404, "Not Found", "The user is not a member of the organization",
                          "inexistent_member")
        if request.method != "GET":
            ids = (request.get_json(silent=True) or {}).get("roles") or []
            if any(role_id not in self.roles for role_id in ids):
                return _error(404, "Not Found", "The role does not exist", "inexistent_role")
            held = self.member_roles.setdefault((org_id, user_id), [])
            for name in (self.roles[role_id] for role_id in ids):
                if request.method == "POST" and name not in held:
                    held.append(name)
                elif request.method == "DELETE" and name in held:
                    held.remove(name)
            return "", 204
        roles = self._role_objects(org_id, user_id)
        return jsonify(roles=roles, start=0, limit=100, total=len(roles))

    def _role_objects(self, org_id: str, user_id: str) -> list[dict]:
        ids = {name: role_id for role_id, name in self.roles.items()}
        return [{"id": ids.get(name, f"rol_{name}"), "name": name, "description": name}
                for name in self.member_roles.get((org_id, user_id), [])]

    def _members(self, org_id: str):
        """Members (checkpoint shape, roles when ``fields`` asks for them); DELETE removes."""
        if request.method == "DELETE":
            for user_id in (request.get_json(silent=True) or {}).get("members") or []:
                if org_id in self.memberships.get(user_id, []):
                    self.memberships[user_id].remove(org_id)
                self.member_roles.pop((org_id, user_id), None)
            return "", 204
        with_roles = "roles" in (request.args.get("fields") or "")
        members = []
        for user_id in sorted(u for u, orgs in self.memberships.items() if org_id in orgs):
            user = self.users.get(user_id, {})
            member = {"user_id": user_id, "email": user.get("email", user_id),
                      "name": user.get("name", user_id)}
            if with_roles:
                member["roles"] = self._role_objects(org_id, user_id)
            members.append(member)
        return jsonify(members=members)

    def _user_organizations(self, user_id: str):
        orgs = [self.organizations[o] for o in self.memberships.get(user_id, [])]
        page, per_page = request.args.get("page", 0, int), request.args.get("per_page", 50, int)
        chunk = orgs[page * per_page:(page + 1) * per_page]
        return jsonify(organizations=chunk, start=page * per_page, limit=per_page, total=len(orgs))


    def _roles(self):
        roles = [{"id": rid, "name": name, "description": name} for rid, name in self.roles.items()]
        return jsonify(roles=roles, start=0, limit=100, total=len(roles))

    def _invitations(self, org_id: str):
        if org_id not in self.organizations:
            return _error(404, "Not Found", "No organization found by that id.", "inexistent_org")
        pending = self.invitations.setdefault(org_id, [])
        if request.method == "GET":
            return jsonify(invitations=pending, start=0, limit=50, total=len(pending))
        body = request.get_json(silent=True) or {}
        unknown = [r for r in body.get("roles") or [] if r not in self.roles]
        if unknown:
            return _error(404, "Not Found", f"Role {unknown[0]} does not exist", "inexistent_role")
        ticket = secrets.token_urlsafe(16)
        invitation = {"id": f"uinv_{secrets.token_hex(8)}", "organization_id": org_id,
                      "inviter": body["inviter"], "invitee": body["invitee"],
                      "client_id": body["client_id"], "roles": body.get("roles") or [],
                      "ticket_id": ticket, "created_at": stamp(), "expires_at": stamp(604800),
                      "invitation_url": f"https://app.example/login?invitation={ticket}"
                                        f"&organization={org_id}"}
        pending.insert(0, invitation)
        return jsonify(invitation), 201

    def _delete_invitation(self, org_id: str, invitation_id: str):
        pending = self.invitations.get(org_id, [])
        if not any(i["id"] == invitation_id for i in pending):
            return _error(404, "Not Found", "The invitation does not exist", "inexistent_invitation")
        self.invitations[org_id] = [i for i in pending if i["id"] != invitation_id]
        return "", 204


def _org_metadata_problem(metadata) -> str | None:
    """Auth0's limits on organization metadata: an object of at most 25 string values of at
    most 255 characters."""
    if not isinstance(metadata, dict):
        return "'Expected type object' on property metadata."
    if len(metadata) > 25:
        return "'Too many properties defined (more than 25)' on property metadata."
    for key, value in metadata.items():
        if value is not None and (not isinstance(value, str) or len(value) > 255):
            return f"'Expected a string of at most 255 characters' on property metadata.{key}."
    return None


def _merge(current: dict, patch: dict) -> dict:
    return merged_metadata(current, patch) if patch else {}  # {} empties it, as at Auth0


def _error(status: int, error: str, message: str, code: str):
    return jsonify(statusCode=status, error=error, message=message, errorCode=code), status
