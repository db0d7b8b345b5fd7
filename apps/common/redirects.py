"""Where the app may send a browser after login: same-site relative paths only."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_NEXT_LENGTH = 2048


def is_safe_next(value: str | None) -> bool:
    """True for ``/path?query``; False for ``//evil``, ``https://evil``, ``/\\evil``, controls."""
    if not value or len(value) > MAX_NEXT_LENGTH:
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value) or "\\" in value:
        return False
    if not value.startswith("/") or value.startswith("//"):
        return False
    parts = urlsplit(value)
    return not parts.scheme and not parts.netloc


def safe_next(value: str | None, default: str = "/") -> str:
    return value if is_safe_next(value) else default
