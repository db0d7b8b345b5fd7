"""The Actions runtime on its own: order, state between Actions, limits, failures, console
capture and isolation between executions. No server: the pipeline and V8 only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest

from mock_idp.actions import engine
from mock_idp.actions.effects import Effects
from mock_idp.actions.pipeline import run
from mock_idp.actions.registry import BoundAction, Registry

pytestmark = pytest.mark.unit
LIMIT_MS = 400  # small, so the limit tests stay fast
EVENT = {"user": {"user_id": "auth0|1", "email": "jane@travel0.example",
                  "user_metadata": {"theme": "dark"}, "app_metadata": {}},
         "request": {"query": {}}}


@pytest.fixture(scope="module", autouse=True)
def v8():
    engine.ensure_engine()


def action(name: str, body: str, handler: str = "onExecutePostLogin", **secrets) -> BoundAction:
    return BoundAction(name, f"exports.{handler} = async (event, api) => {{\n{body}\n}};",
                       secrets)


def flow(*actions: BoundAction, trigger: str = "post-login", **kwargs):
    registry = Registry({trigger: actions}, timeout_ms=LIMIT_MS, memory_mb=32)
    return run(registry, trigger, EVENT, **kwargs)


def test_actions_run_in_binding_order_and_later_claims_win():
    outcome = flow(
        action("first", "console.log('first'); api.idToken.setCustomClaim('https://a/x', 1);"),
        action("second", "console.log('second'); api.idToken.setCustomClaim('https://a/x', 2);"),
    )
    assert outcome.status == "ok"
    assert [e["logs"] for e in outcome.executions] == [["first"], ["second"]]
    assert outcome.effects.id_claims == {"https://a/x": 2}


def test_metadata_set_by_one_action_is_visible_to_the_next():
    outcome = flow(
        action("set", "api.user.setUserMetadata('plan', 'gold');"
                      "api.user.setUserMetadata('theme', null);"
                      "console.log(JSON.stringify(event.user.user_metadata));"),
        action("read", "console.log(JSON.stringify(event.user.user_metadata));"),
    )
    logs = [e["logs"][0] for e in outcome.executions]
    assert json.loads(logs[0]) == {"theme": "dark"}, "not applied within the same Action"
    assert json.loads(logs[1]) == {"plan": "gold"}, "applied for the next one (theme removed)"
    assert outcome.effects.user_metadata == {"plan": "gold", "theme": None}


def test_deny_stops_the_flow_after_the_denying_action():
    outcome = flow(action("deny", "api.access.deny('No entry'); console.log('still runs');"),
                   action("never", "console.log('never');"))
    assert outcome.status == "denied"
    assert outcome.effects.deny == {"reason": "No entry"}
    assert [e["action_name"] for e in outcome.executions] == ["deny"]
    assert outcome.executions[0]["logs"] == ["still runs"]


def test_redirect_pauses_the_flow_at_the_redirecting_action():
    outcome = flow(action("one", ""),
                   action("go", "api.redirect.sendUserTo('https://x.example/p', "
                                "{query: {a: 'b'}});"),
                   action("later", ""))
    assert outcome.status == "redirect" and outcome.resume_at == 1
    assert outcome.effects.redirect == {"url": "https://x.example/p", "query": {"a": "b"}}


def test_an_infinite_loop_ends_at_the_time_limit():
    began = time.monotonic()
    outcome = flow(action("loop", "while (true) {}"))
    elapsed = time.monotonic() - began
    assert outcome.status == "failed"
    assert outcome.failure == f"Action loop did not finish within {LIMIT_MS} ms"
    assert elapsed < LIMIT_MS / 1000 + 1.0


def test_an_infinite_loop_after_an_await_ends_at_the_time_limit_too():
    began = time.monotonic()
    outcome = flow(action("loop", "await null; while (true) {}"))
    assert outcome.status == "failed" and "did not finish" in outcome.failure
    assert time.monotonic() - began < LIMIT_MS / 1000 + 1.0


def test_a_promise_that_never_settles_fails_at_once():
    began = time.monotonic()
    outcome = flow(action("stuck", "await new Promise(() => {});"))
    assert outcome.failure == "Action stuck returned a promise that can never settle"
    assert time.monotonic() - began < LIMIT_MS / 1000


def test_timers_run_on_a_virtual_clock_within_the_limit():
    outcome = flow(action("wait", "await new Promise((r) => setTimeout(r, 300));"
                                  "api.idToken.setCustomClaim('https://a/waited', true);"))
    assert outcome.status == "ok" and outcome.executions[0]["duration_ms"] < 300
    too_long = flow(action("wait", "await new Promise((r) => setTimeout(r, 60000));"))
    assert too_long.status == "failed" and "did not finish" in too_long.failure


def test_the_time_limit_covers_the_whole_flow():
    outcome = flow(action("slow", "const end = Date.now() + 300; while (Date.now() < end) {}"),
                   action("slower", "const end = Date.now() + 300; while (Date.now() < end) {}"))
    assert outcome.status == "failed"
    assert [e["status"] for e in outcome.executions] == ["ok", "timeout"]


def test_a_throw_fails_the_flow_with_its_message():
    outcome = flow(action("ok", "api.user.setUserMetadata('a', 1);"),
                   action("boom", "api.user.setAppMetadata('b', 2); throw new Error('Boom!');"))
    assert outcome.status == "failed" and outcome.failure == "Boom!"
    assert outcome.executions[1]["error"] == "Boom!"


def test_a_throw_while_loading_the_module_fails_too():
    outcome = flow(BoundAction("top", "throw new TypeError('bad module');"))
    assert outcome.status == "failed" and outcome.failure == "TypeError: bad module"


def test_memory_is_capped():
    outcome = flow(action("hog", "const keep = []; while (true) keep.push(new Array(1e5).fill(1));"))
    assert outcome.status == "failed" and "memory limit" in outcome.failure


def test_console_output_is_captured_and_cut_like_auth0():
    outcome = flow(action("talk", "console.log('a', 1, {b: [2]}); console.error('x'.repeat(300));"
                                  "for (let i = 0; i < 200; i++) console.info(i);"))
    logs = outcome.executions[0]["logs"]
    assert logs[0] == 'a 1 {"b":[2]}'
    assert len(logs[1]) == 256
    assert len(logs) == 100


def test_no_state_leaks_between_executions():
    leaky = action("leaky", "globalThis.seen = globalThis.seen || [];"
                            "globalThis.seen.push(event.user.email);"
                            "Object.prototype.polluted = true;"
                            "api.cache.set('k', event.user.email);"
                            "console.log(JSON.stringify(globalThis.seen), ({}).polluted === true,"
                            " api.cache.get('k').value);")
    first = flow(leaky)
    second = flow(leaky)
    assert first.executions[0]["logs"] == second.executions[0]["logs"] == [
        '["jane@travel0.example"] true jane@travel0.example']
    fresh = flow(action("check", "console.log(typeof seen, ({}).polluted, "
                                 "api.cache.get('k'));"))
    assert fresh.executions[0]["logs"] == ["undefined undefined undefined"]


def test_secrets_are_the_actions_own():
    outcome = flow(action("a", "console.log(JSON.stringify(event.secrets));", KEY="one"),
                   action("b", "console.log(JSON.stringify(event.secrets));", OTHER="two"))
    assert [e["logs"][0] for e in outcome.executions] == ['{"KEY":"one"}', '{"OTHER":"two"}']


@pytest.mark.parametrize("body,message", [
    ("eval('1 + 1');", "Code generation from strings disallowed"),
    ("new Function('return 1')();", "Code generation from strings disallowed"),
    ("require('axios');", "Cannot find module 'axios'"),
    ("api.authentication.challengeWith({type: 'otp'});", "not supported by the mock tenant"),
])
def test_what_the_mock_cannot_offer_fails_clearly(body, message):
    outcome = flow(action("a", body))
    assert outcome.status == "failed" and message in outcome.failure


def test_a_missing_handler_is_skipped():
    outcome = flow(BoundAction("other", "exports.onExecuteCredentialsExchange = async () => {};"))
    assert outcome.status == "ok" and outcome.executions[0]["status"] == "missing"


def test_an_api_of_another_trigger_is_not_there():
    outcome = flow(action("m2m", "api.idToken.setCustomClaim('https://a/b', 1);",
                          handler="onExecuteCredentialsExchange"), trigger="credentials-exchange")
    assert outcome.status == "failed" and "Cannot read properties of undefined" in outcome.failure


def test_credentials_exchange_deny_keeps_code_and_reason():
    outcome = flow(action("m2m", "api.access.deny('invalid_request', 'Not today');",
                          handler="onExecuteCredentialsExchange"), trigger="credentials-exchange")
    assert outcome.effects.deny == {"code": "invalid_request", "reason": "Not today"}


def test_scopes_added_and_removed():
    outcome = flow(action("s", "api.accessToken.addScope('read:extra');"
                               "api.accessToken.removeScope('profile');"
                               "api.accessToken.addScope('profile');"
                               "api.accessToken.removeScope('email');"))
    assert outcome.effects.add_scopes == ["read:extra", "profile"]
    assert outcome.effects.remove_scopes == ["email"]


def test_a_resumed_flow_starts_with_the_continue_handler_and_earlier_changes():
    resumed = BoundAction("r", "exports.onExecutePostLogin = async () => { console.log('exec'); };"
                               "exports.onContinuePostLogin = async (event) => {"
                               " console.log(event.user.user_metadata.step); };")
    outcome = flow(action("before", ""), resumed, action("after", "console.log('after');"),
                   start=1, first_handler="onContinuePostLogin",
                   effects=Effects(user_metadata={"step": "two"}))
    assert [e["logs"] for e in outcome.executions] == [["two"], ["after"]]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_encode_token_is_an_hs256_jwt_python_can_verify():
    outcome = flow(action("t", "const token = api.redirect.encodeToken({secret: 'sekrit',"
                               " payload: {plan: 'gold', name: 'Jöhn ✓'}, expiresInSeconds: 60});"
                               "console.log(token);"),
                   context={"nowSeconds": 1000, "redirect": {"state": "st-1", "userId": "auth0|1",
                                                             "issuer": "https://t/"}})
    head, body, signature = outcome.executions[0]["logs"][0].split(".")
    expected = hmac.new(b"sekrit", f"{head}.{body}".encode(), hashlib.sha256).digest()
    assert signature == b64url(expected)
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert claims == {"iat": 1000, "exp": 1060, "iss": "https://t/", "sub": "auth0|1",
                      "state": "st-1", "plan": "gold", "name": "Jöhn ✓"}


def sign(claims: dict, secret: bytes) -> str:
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims).encode())
    signature = b64url(hmac.new(secret, f"{head}.{body}".encode(), hashlib.sha256).digest())
    return f"{head}.{body}.{signature}"


@pytest.mark.parametrize("claims,secret,outcome_text", [
    ({"state": "st-1", "exp": 2000, "ok": 1}, b"sekrit", '{"state":"st-1","exp":2000,"ok":1}'),
    ({"state": "st-1", "exp": 2000}, b"wrong", "signature does not match"),
    ({"state": "st-1", "exp": 500}, b"sekrit", "expired"),
    ({"state": "other", "exp": 2000}, b"sekrit", "state does not belong to this login"),
])
def test_validate_token_checks_signature_expiry_and_state(claims, secret, outcome_text):
    event = {**EVENT, "request": {"query": {"session_token": sign(claims, secret)}}}
    registry = Registry({"post-login": (action(
        "v", "console.log(JSON.stringify(api.redirect.validateToken({secret: 'sekrit'})));",
        handler="onContinuePostLogin"),)}, timeout_ms=LIMIT_MS, memory_mb=32)
    outcome = run(registry, "post-login", event, first_handler="onContinuePostLogin",
                  context={"nowSeconds": 1000, "redirect": {"state": "new", "continued": "st-1"}})
    text = outcome.executions[0]["logs"][0] if outcome.status == "ok" else outcome.failure
    assert outcome_text in text


def test_natives_syntax_is_refused_at_compile_time():
    assert "natives syntax" in engine.compile_check("exports.x = 1;\n%DebugPrint(exports);")
    assert engine.compile_check("exports.x = (a, b) => a %b(1);") is None  # remainder
