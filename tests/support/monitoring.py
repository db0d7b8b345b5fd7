"""Reading what services expose to operators: ``/metrics`` samples and ``/health`` bodies."""

from __future__ import annotations

import shutil

import requests
from prometheus_client.parser import text_string_to_metric_families


def sample(text: str, name: str, **labels) -> float:
    """The value of one sample (0 when it does not exist yet), e.g.
    ``sample(body, "cookbook_logins_total", outcome="success")``."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v for k, v in labels.items()):
                return found.value
    return 0.0


def scrape(base_url: str) -> str:
    response = requests.get(f"{base_url.rstrip('/')}/metrics", timeout=5)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    return response.text


def health(base_url: str) -> tuple[int, dict]:
    response = requests.get(f"{base_url.rstrip('/')}/health", timeout=10)
    return response.status_code, response.json()


def break_database_dir(directory) -> None:
    """Take the folder of a service's SQLite file away (an unmounted volume, a wrong path)."""
    shutil.rmtree(directory)
