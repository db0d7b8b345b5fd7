"""A Travel0 Classic database made before partner agencies existed keeps working: the
``agency`` column is added on start-up and every existing row stays, as a consumer."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from apps.legacy.db import Member, find_in_group, make_sessionmaker

pytestmark = pytest.mark.unit


def test_an_old_members_table_gets_the_agency_column_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, email VARCHAR(320) UNIQUE, "
                    "password_hash VARCHAR(300), first_name VARCHAR(100), last_name "
                    "VARCHAR(100), display_name VARCHAR(200), email_confirmed BOOLEAN, "
                    "newsletter BOOLEAN, language VARCHAR(10), member_since VARCHAR(10), "
                    "loyalty_points INTEGER)")
        old.execute("INSERT INTO members (id, email, password_hash, loyalty_points) "
                    "VALUES (7, 'old@classic.example', 'PBKDF2$x', 12)")
    sessions = make_sessionmaker(f"sqlite:///{path}")
    try:
        with sessions() as session:
            [member] = session.scalars(select(Member))
            assert (member.email, member.agency, member.loyalty_points) == (
                "old@classic.example", None, 12)
            assert find_in_group(session, "old@classic.example", None) is not None
            assert find_in_group(session, "old@classic.example", "coral-cruises") is None
        make_sessionmaker(f"sqlite:///{path}").kw["bind"].dispose()  # a second start: no-op
    finally:
        sessions.kw["bind"].dispose()
