"""`cookbook check`: a synthetic login against a tenant, the probe teams run in production.

It does what a browser and a web app's back end do, without a browser: discovery, ``/authorize``
with PKCE, state and nonce, the Universal Login form with a probe user's credentials, the code
exchange at ``/oauth/token``, and verification of the ID token against the tenant's JWKS (RS256
only, issuer, audience, nonce, expiry). One line comes out: ``ok`` with the timings, or the step
that failed and why, with a distinct exit status per kind of failure.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

EXIT_OK, EXIT_USAGE, EXIT_DOWN, EXIT_LOGIN, EXIT_TOKEN = 0, 2, 3, 4, 5
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.DOTALL | re.IGNORECASE)
INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)\s*=\s*"([^"]*)"')
ENDPOINTS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
ERROR_ELEMENT = re.compile(r'id="error-element-[a-z-]+"[^>]*>(.*?)<', re.DOTALL)


class ProbeFailed(Exception):
    """One step failed; ``status`` is the exit status, the message the reason."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


@dataclass
class Probe:
    """What the probe needs: where the tenant is and who logs in through which client."""

    base_url: str
    client_id: str
    redirect_uri: str
    username: str
    password: str
    client_secret: str | None = None
    timeout: float = 10.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return self.base_url.rstrip("/") + "/"


def base_url(domain: str) -> str:
    """A bare domain means https, as ``AUTH0_DOMAIN`` does everywhere in the cookbook."""
    domain = domain.strip().rstrip("/")
    return domain if "://" in domain else f"https://{domain}"


def _timed(probe: Probe, step: str, call):
    started = time.perf_counter()
    try:
        return call()
    finally:
        probe.timings[step] = (time.perf_counter() - started) * 1000


def _get(http: requests.Session, url: str, probe: Probe, **kwargs) -> requests.Response:
    try:
        return http.get(url, timeout=probe.timeout, allow_redirects=False, **kwargs)
    except requests.RequestException as exc:
        raise ProbeFailed(EXIT_DOWN, f"tenant down: {url} did not answer "
                                     f"({type(exc).__name__})") from None


def discover(http: requests.Session, probe: Probe) -> dict:
    """The discovery document, whose issuer must be the tenant we were told to check."""
    url = probe.issuer + ".well-known/openid-configuration"
    response = _get(http, url, probe)
    if response.status_code != 200:
        raise ProbeFailed(EXIT_DOWN, f"tenant down: discovery answered HTTP {response.status_code}")
    try:
        document = response.json()
    except ValueError:
        raise ProbeFailed(EXIT_DOWN, "tenant down: discovery is not JSON") from None
    missing = [key for key in ENDPOINTS if not isinstance(document, dict) or key not in document]
    if missing:
        raise ProbeFailed(EXIT_DOWN, f"tenant down: discovery lacks {', '.join(missing)}")
    if document.get("issuer") != probe.issuer:
        raise ProbeFailed(EXIT_TOKEN, f"wrong issuer: discovery names {document.get('issuer')!r},"
                                      f" expected {probe.issuer!r}")
    return document


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _login_form(html: str, page_url: str, field: str = "password") -> tuple[str, dict]:
    """The form holding ``field``: where it posts and its hidden fields."""
    for form in FORM.findall(html):
        if f'name="{field}"' not in form:
            continue
        opening = dict(ATTRIBUTE.findall(form[:form.index(">")]))
        fields = {}
        for tag in INPUT.findall(form):
            attributes = dict(ATTRIBUTE.findall(tag))
            if attributes.get("type") == "hidden" and "name" in attributes:
                fields[attributes["name"]] = unescape(attributes.get("value", ""))
        return urljoin(page_url, unescape(opening.get("action") or page_url)), fields
    raise ProbeFailed(EXIT_LOGIN, f"login failed: no login form with a {field} field")


def _password_page(http, page, page_url: str, probe: Probe):
    """With identifier first, the email goes alone first; the password page after it."""
    if 'name="password"' in page.text:
        return page, page_url
    action, fields = _login_form(page.text, page_url, field="username")
    try:
        step = http.post(action, data={**fields, "username": probe.username, "action": "default"},
                         timeout=probe.timeout, allow_redirects=False)
    except requests.RequestException as exc:
        raise ProbeFailed(EXIT_DOWN, f"tenant down: identifier form post failed "
                                     f"({type(exc).__name__})") from None
    if step.status_code not in (302, 303) or "Location" not in step.headers:
        raise ProbeFailed(EXIT_LOGIN, f"login failed: the email step answered HTTP "
                                      f"{step.status_code}")
    page_url = urljoin(step.url, step.headers["Location"])
    return _get(http, page_url, probe), page_url


def _follow_to_app(http, response, probe: Probe) -> dict:
    """Follow the tenant's redirects until one goes to the redirect URI; its query."""
    for _ in range(5):
        location = response.headers.get("Location", "")
        if response.status_code not in (301, 302, 303) or not location:
            break
        target = urljoin(response.url, location)
        if target.startswith(probe.redirect_uri):
            return {k: v[-1] for k, v in parse_qs(urlsplit(target).query).items()}
        response = _get(http, target, probe)
    match = ERROR_ELEMENT.search(response.text or "")
    reason = unescape(match.group(1)).strip() if match else f"HTTP {response.status_code}"
    raise ProbeFailed(EXIT_LOGIN, f"login failed: {reason}")


def authenticate(http: requests.Session, probe: Probe, document: dict, nonce: str) -> tuple:
    """``/authorize`` → login page → credentials → the code (and the PKCE verifier)."""
    verifier, challenge = _pkce()
    state = secrets.token_urlsafe(16)
    params = {"response_type": "code", "client_id": probe.client_id,
              "redirect_uri": probe.redirect_uri, "scope": "openid profile email",
              "state": state, "nonce": nonce, "code_challenge": challenge,
              "code_challenge_method": "S256", "prompt": "login"}
    first = _get(http, document["authorization_endpoint"], probe, params=params)
    if first.status_code not in (302, 303):
        raise ProbeFailed(EXIT_LOGIN, f"login failed: /authorize answered HTTP "
                                      f"{first.status_code}")
    page_url = urljoin(first.url, first.headers["Location"])
    page, page_url = _password_page(http, _get(http, page_url, probe), page_url, probe)
    action, fields = _login_form(page.text, page_url)
    try:
        posted = http.post(action, data={**fields, "username": probe.username,
                                         "password": probe.password, "action": "default"},
                           timeout=probe.timeout, allow_redirects=False)
    except requests.RequestException as exc:
        raise ProbeFailed(EXIT_DOWN, f"tenant down: login form post failed "
                                     f"({type(exc).__name__})") from None
    answer = _follow_to_app(http, posted, probe)
    if answer.get("error"):
        raise ProbeFailed(EXIT_LOGIN, f"login failed: {answer['error']}: "
                                      f"{answer.get('error_description', '')}".rstrip(": "))
    if answer.get("state") != state or not answer.get("code"):
        raise ProbeFailed(EXIT_LOGIN, "login failed: the answer lacks the code or our state")
    return answer["code"], verifier


def exchange(http: requests.Session, probe: Probe, document: dict, code: str,
             verifier: str) -> str:
    """The code for tokens; the ID token."""
    data = {"grant_type": "authorization_code", "code": code, "client_id": probe.client_id,
            "redirect_uri": probe.redirect_uri, "code_verifier": verifier}
    if probe.client_secret:
        data["client_secret"] = probe.client_secret
    try:
        response = http.post(document["token_endpoint"], data=data, timeout=probe.timeout)
        body = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProbeFailed(EXIT_DOWN, f"tenant down: token endpoint failed "
                                     f"({type(exc).__name__})") from None
    if not isinstance(body, dict):
        body = {}
    if response.status_code != 200 or "id_token" not in body:
        raise ProbeFailed(EXIT_TOKEN, f"token exchange refused: HTTP {response.status_code} "
                                      f"{body.get('error', '')}".rstrip())
    return body["id_token"]


def verify(http: requests.Session, probe: Probe, document: dict, id_token: str,
           nonce: str) -> dict:
    """Signature against the published JWKS (RS256 only), then the claims."""
    keys = _get(http, document["jwks_uri"], probe)
    try:
        key_set = KeySet.import_key_set(keys.json())
        claims = jwt.decode(id_token, key_set, algorithms=["RS256"]).claims
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise ProbeFailed(EXIT_TOKEN, f"bad signature: the ID token does not verify against "
                                      f"{document['jwks_uri']} ({type(exc).__name__})") from None
    if claims.get("iss") != probe.issuer:
        raise ProbeFailed(EXIT_TOKEN, f"wrong issuer: the ID token names {claims.get('iss')!r},"
                                      f" expected {probe.issuer!r}")
    checks = (("aud", claims.get("aud") == probe.client_id, "issued for another client"),
              ("nonce", claims.get("nonce") == nonce, "nonce mismatch (a replayed token?)"),
              ("exp", isinstance(claims.get("exp"), int) and claims["exp"] > time.time(),
               "already expired (is the clock right?)"))
    for claim, ok, reason in checks:
        if not ok:
            raise ProbeFailed(EXIT_TOKEN, f"bad ID token: {claim} {reason}")
    return claims


def run(probe: Probe) -> dict:
    """The whole login; returns the verified ID token claims or raises :class:`ProbeFailed`."""
    nonce = secrets.token_urlsafe(16)
    with requests.Session() as http:
        document = _timed(probe, "discovery", lambda: discover(http, probe))
        code, verifier = _timed(probe, "login", lambda: authenticate(http, probe, document, nonce))
        token = _timed(probe, "token", lambda: exchange(http, probe, document, code, verifier))
        return _timed(probe, "verify", lambda: verify(http, probe, document, token, nonce))


def summary(probe: Probe, claims: dict) -> str:
    steps = ", ".join(f"{step} {ms:.0f} ms" for step, ms in probe.timings.items())
    total = sum(probe.timings.values())
    return (f"ok: {probe.username} logged in at {probe.issuer} as {claims.get('sub')} "
            f"in {total:.0f} ms ({steps})")
