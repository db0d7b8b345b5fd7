"""The custom-database script runtime without a network: Auth0's callback conventions, the
error classes and ``configuration`` global, the virtual timers, and the start-up checks of
``customScripts`` in the tenant files."""

from __future__ import annotations

import shutil

import pytest

from mock_idp.custom_db.runner import compile_check, run_script
from mock_idp.tenant import TenantFileError, load_tenant
from tests.support.tenant import TENANTS

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2c.phase1.provisioning.user-migration")]


def run(code: str, *args, configuration=None, timeout_ms: int = 1000):
    return run_script(code, list(args) or ["a@b.example", "pw"], configuration or {},
                      timeout_ms=timeout_ms, memory_mb=32)


def test_the_callbacks_profile_comes_back():
    result = run("function login(email, password, callback) {\n"
                 "  callback(null, {user_id: 'x' + configuration.PREFIX, email: email});\n}\n",
                 configuration={"PREFIX": "-1"})
    assert result.status == "ok" and result.profile == {"user_id": "x-1", "email": "a@b.example"}


def test_async_scripts_and_a_trailing_semicolon_are_fine():
    result = run("async function login(email, password, callback) {\n"
                 "  await new Promise((resolve) => setTimeout(resolve, 10000));\n"
                 "  callback(null, {ok: true});\n};\n", timeout_ms=20000)
    assert result.status == "ok" and result.duration_ms < 5000, "timers run on a virtual clock"


@pytest.mark.parametrize(("code", "name", "extra"), [
    ("callback(new WrongUsernameOrPasswordError(email, 'bad'))", "WrongUsernameOrPasswordError",
     {"userIdOrEmail": "a@b.example", "message": "bad"}),
    ("callback(new ValidationError('user-exists', 'taken'))", "ValidationError",
     {"code": "user-exists", "message": "taken"}),
    ("callback(new UnauthorizedError('blocked'))", "UnauthorizedError", {"message": "blocked"}),
    ("callback(new Error('down'))", "Error", {"message": "down"}),
])
def test_auth0s_error_classes_come_back_with_their_fields(code, name, extra):
    result = run(f"function login(email, password, callback) {{ {code}; }}")
    assert result.status == "error" and result.error["name"] == name
    assert {key: result.error[key] for key in extra} == extra


def test_configuration_is_read_only_and_console_is_captured():
    result = run("function login(email, password, callback) {\n"
                 "  'use strict';\n  console.log('seen', configuration.A);\n"
                 "  try { configuration.A = 'changed'; } catch (e) { console.log(e.name); }\n"
                 "  callback(null, {a: configuration.A});\n}\n", configuration={"A": "one"})
    assert result.profile == {"a": "one"} and result.logs == ["seen one", "TypeError"]


def test_only_the_first_callback_counts():
    result = run("function login(e, p, callback) { callback(null, {n: 1}); callback(new Error('x')); }")
    assert result.status == "ok" and result.profile == {"n": 1}


def test_compile_check_names_the_line():
    assert compile_check("function login(e, p, cb) {\n  cb(null, {});\n}\n") is None
    problem = compile_check("function login(e, p, cb) {\n  cb(null, {);\n}\n")
    assert problem.startswith("<anonymous>:2:")
    assert "natives syntax" in compile_check("function login(e, p, cb) { %DebugPrint(cb); }")


@pytest.fixture
def tenant_dir(tmp_path):
    shutil.copytree(TENANTS / "main", tmp_path / "main")
    shutil.copytree(TENANTS / "env", tmp_path / "env")
    return tmp_path / "main"


def edit(tenant_dir, old: str, new: str) -> None:
    path = tenant_dir / "tenant.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize(("old", "new", "message"), [
    ("get_user: ./databases/Travel0-Classic/get_user.js", "",
     "import mode needs a login and a get_user script"),
    ("enabledDatabaseCustomization: true", "enabledDatabaseCustomization: false",
     "customScripts need it set to true"),
    ("login: ./databases/Travel0-Classic/login.js", "login: ../../etc/login.js",
     "is outside the tenant directory"),
    ("login: ./databases/Travel0-Classic/login.js", "login: ./databases/nope.js",
     "script file ./databases/nope.js not found"),
    ("login: ./databases", "lgoin: ./databases", "'lgoin' is not one of"),
    ("LEGACY_API_URL: '##LEGACY_API_URL##'", "LEGACY_API_URL: 5200",
     "configuration values are strings"),
])
def test_broken_custom_database_settings_stop_start_up(tenant_dir, old, new, message):
    edit(tenant_dir, old, new)
    with pytest.raises(TenantFileError, match=message):
        load_tenant(tenant_dir, "dev")


def test_a_script_that_does_not_compile_stops_start_up_with_its_line(tenant_dir):
    script = tenant_dir / "databases" / "Travel0-Classic" / "login.js"
    script.write_text("function login(email, password, callback) {\n  callback(null, {;\n}\n")
    with pytest.raises(TenantFileError) as raised:
        load_tenant(tenant_dir, "dev")
    assert "login.js" in str(raised.value) and "line 2" in str(raised.value)


def test_keywords_are_replaced_in_the_scripts(tenant_dir):
    script = tenant_dir / "databases" / "Travel0-Classic" / "get_user.js"
    script.write_text(script.read_text().replace("Travel0 Classic answered",
                                                 "##ENVIRONMENT_LABEL## answered"))
    spec = load_tenant(tenant_dir, "dev")
    assert " (dev) answered" in spec.database_scripts["./databases/Travel0-Classic/get_user.js"]
