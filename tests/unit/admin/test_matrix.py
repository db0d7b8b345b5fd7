"""The console's permission matrix: the one table that decides who may do what."""

from __future__ import annotations

import pytest

from apps.admin.matrix import (
    MATRIX,
    OPERATOR_ROLES,
    Action,
    actions_for,
    allowed,
    operator_roles,
    refusal_for_target,
)
from mock_idp.tenant import load_tenant
from tests.support.tenant import TENANTS, demo_users

pytestmark = [pytest.mark.unit, pytest.mark.scenario("b2b.phase1.qa.unit-testing")]

READ = {Action.READ_USERS, Action.READ_ORGANIZATIONS}


@pytest.mark.scenario("b2b.phase1.profile.admin-portal")
def test_the_matrix_is_exactly_what_the_docs_promise():
    assert MATRIX["auditor"] == READ | {Action.READ_AUDIT}
    assert MATRIX["support"] == READ | {Action.BLOCK, Action.SEND_RESET,
                                        Action.RESEND_VERIFICATION}
    assert MATRIX["admin"] == set(Action)


@pytest.mark.parametrize(("role", "action"), [
    ("auditor", Action.BLOCK), ("auditor", Action.DELETE), ("auditor", Action.PROVISION),
    ("support", Action.DELETE), ("support", Action.REMOVE_FROM_ORG),
    ("support", Action.PROVISION), ("support", Action.READ_AUDIT),
])
def test_roles_never_reach_beyond_their_row(role, action):
    assert not allowed([role], action)


def test_roles_add_up_and_unknown_ones_grant_nothing():
    assert actions_for(["auditor", "support"]) == MATRIX["auditor"] | MATRIX["support"]
    assert actions_for(["customer", "org-admin", "Admin", ""]) == frozenset()
    assert not allowed(["admin"], "users.impersonate")  # not an action at all
    assert allowed(["admin"], "users.delete")


def test_only_console_roles_count_as_operator_roles():
    assert operator_roles(["customer", "support", "admin", "support"]) == ["admin", "support"]


def test_every_operator_role_is_a_tenant_role_and_each_has_a_demo_operator():
    spec = load_tenant(TENANTS / "main", "dev")
    tenant_roles = {role["name"] for role in spec.section("roles")}
    assert set(OPERATOR_ROLES) <= tenant_roles
    operators = [u for u in demo_users().values() if u.get("connection") == "Travel0-Operators"]
    assert {role for u in operators for role in u["roles"]} == set(OPERATOR_ROLES)


def test_whom_an_allowed_action_may_touch():
    assert refusal_for_target(["admin"], Action.DELETE, own_account=True,
                              operator_account=True) is not None  # no self lock-out
    assert refusal_for_target(["admin"], Action.SEND_RESET, own_account=True,
                              operator_account=True) is None
    assert refusal_for_target(["support"], Action.BLOCK, own_account=False,
                              operator_account=True) == "Only console admins act on operators' accounts."
    assert refusal_for_target(["support"], Action.BLOCK, own_account=False,
                              operator_account=False) is None
