import pytest

from apps.common.sessions import SessionStore

pytestmark = pytest.mark.unit


@pytest.fixture
def store(tmp_path):
    store = SessionStore(f"sqlite:///{tmp_path / 'nested' / 'sessions.db'}")
    yield store
    store.dispose()


def test_round_trip_keeps_types(store):
    store.save("sid-1", {"tokens": {"expires_at": 1.5}, "_flashes": [("info", "hi")]}, 60)
    assert store.load("sid-1") == {"tokens": {"expires_at": 1.5}, "_flashes": [("info", "hi")]}
    store.delete("sid-1")
    assert store.load("sid-1") is None


def test_expired_sessions_are_not_loaded_and_are_purged(store):
    store.save("old", {"a": 1}, -1)
    store.save("new", {"b": 2}, 60)
    assert store.load("old") is None
    assert store.purge_expired() == 1
    assert store.count() == 1 and store.load("new") == {"b": 2}


def test_ids_are_stored_hashed(store, tmp_path):
    store.save("plain-session-id", {"a": 1}, 60)
    store.dispose()
    assert b"plain-session-id" not in (tmp_path / "nested" / "sessions.db").read_bytes()
