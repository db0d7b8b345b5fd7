"""`cookbook up` as a user runs it: every service answers, Ctrl-C stops them all cleanly.

The first test needs the real services (mock_idp, api, apps.b2c); the others exercise the
refusal of a taken port and the process supervision with stand-in processes.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from scenarios.banner import READY_LINE
from scenarios.services import DEFAULT_PORTS, HOSTS, Service
from scenarios.state import repo_root
from scenarios.supervisor import SignalWatch, start_child, stop_all, wait_ready

pytestmark = pytest.mark.integration

START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0


def free_port(host: str) -> int:
    """A port the OS just handed out on ``host`` (bound to port 0, then released)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def free_ports() -> dict[str, int]:
    return {name: free_port(HOSTS[name]) for name in DEFAULT_PORTS}


def cookbook_command() -> list[str]:
    script = shutil.which("cookbook", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "scenarios"]


def is_listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


class Run:
    """`cookbook up` in a subprocess, its output read line by line with deadlines."""

    def __init__(self, ports: dict[str, int], state_dir: Path):
        args = [arg for name, port in ports.items() for arg in ("--port", f"{name}={port}")]
        self.process = subprocess.Popen(
            [*cookbook_command(), "up", *args, "--state-dir", str(state_dir), "--timeout", "60"],
            cwd=repo_root(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._pump_thread = threading.Thread(target=self._pump, daemon=True)
        self._pump_thread.start()

    def _pump(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for_line(self, text: str | None, timeout: float) -> bool:
        """True once a line containing ``text`` is printed (``None``: once output ends);
        False at the end of output or the deadline otherwise."""
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                return False
            if line is None:
                self._queue.put(None)  # stay at the end for later calls
                return text is None
            self.lines.append(line)
            if text is not None and text in line:
                return True
        return False

    def output(self) -> str:
        """What was printed so far."""
        while not self._queue.empty():
            line = self._queue.get_nowait()
            if line is None:
                self._queue.put(None)
                break
            self.lines.append(line)
        return "\n".join(self.lines)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._pump_thread.join(STOP_TIMEOUT)
        self.process.stdout.close()


@pytest.fixture
def run_up(tmp_path):
    runs: list[Run] = []

    def start(ports: dict[str, int]) -> Run:
        runs.append(Run(ports, tmp_path / "state"))
        return runs[-1]

    yield start
    for run in runs:
        run.close()


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8", errors="replace")


def test_up_serves_every_service_and_stops_cleanly_on_sigint(run_up, tmp_path):
    ports = free_ports()
    run = run_up(ports)
    assert run.wait_for_line(READY_LINE, START_TIMEOUT), run.output()
    assert run.wait_for_line("Press Ctrl-C to stop.", 5), run.output()

    status, body = fetch(f"http://127.0.0.1:{ports['main']}/testall")
    assert (status, body.strip()) == (200, "OK")
    assert fetch(f"http://localhost:{ports['api']}/health")[0] == 200
    assert fetch(f"http://localhost:{ports['b2c']}/")[0] == 200
    assert fetch(f"http://localhost:{ports['rewards']}/")[0] == 200
    # The tenant's second listener is its custom domain; every service reports its health.
    custom = f"http://localhost:{ports['custom']}"
    discovery = json.loads(fetch(f"{custom}/.well-known/openid-configuration")[1])
    assert discovery["issuer"] == custom + "/"
    for name in ("main", "api", "b2c", "b2b", "rewards", "legacy", "mail", "logsink", "admin"):
        assert fetch(f"http://{HOSTS[name]}:{ports[name]}/health")[0] == 200, name
    assert_the_log_stream_reaches_the_sink(ports)
    printout = run.output()
    assert all(f":{port}" in printout for port in ports.values())
    assert "jane@travel0.example" in printout
    assert (tmp_path / "state" / "logs" / "b2c.log").exists()

    run.process.send_signal(signal.SIGINT)
    assert run.process.wait(STOP_TIMEOUT) == 0, run.output()
    still = [name for name, port in ports.items() if is_listening(HOSTS[name], port)]
    assert not still, f"still listening after cookbook up stopped: {still}"


def assert_the_log_stream_reaches_the_sink(ports: dict[str, int]) -> None:
    """A token exchange on the tenant arrives at the log sink: the stream's URL and the
    secret the two services share were wired by `cookbook up`."""
    tenant = f"http://127.0.0.1:{ports['main']}"
    clients = json.loads(fetch(f"{tenant}/_cookbook/clients")[1])
    reports = next(c for c in clients if c["name"] == "Travel0 Reports")
    data = urllib.parse.urlencode({"grant_type": "client_credentials",
                                   "client_id": reports["client_id"],
                                   "client_secret": reports["client_secret"],
                                   "audience": "https://api.cookbook.local/"}).encode()
    with urllib.request.urlopen(f"{tenant}/oauth/token", data=data, timeout=10) as answer:
        assert answer.status == 200
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        events = json.loads(fetch(f"http://localhost:{ports['logsink']}/events")[1])
        if any(e["data"]["type"] == "seccft" for e in events):
            return
    raise AssertionError("the token exchange never reached the log sink")


def test_up_refuses_a_taken_port_and_starts_nothing(run_up, tmp_path):
    ports = free_ports()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports["b2c"] = taken.getsockname()[1]
        run = run_up(ports)
        code = run.process.wait(STOP_TIMEOUT)
    assert run.wait_for_line(None, 10), "cookbook up did not close its output"
    output = run.output()
    assert code != 0
    assert f"b2c (consumer app (Travel0 storefront)) cannot listen on localhost:{ports['b2c']}" \
        in output
    assert "--port b2c=<port>" in output
    assert not (tmp_path / "state" / "logs").exists()


# Process supervision with stand-ins for the services: no real service needed.


def stand_in(name: str, port: int) -> Service:
    return Service(name, f"stand-in {name}", "127.0.0.1", port, "unused", "/")


def test_children_become_ready_then_stop(tmp_path):
    port = free_port("127.0.0.1")
    service = stand_in("files", port)
    argv = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    child = start_child(service, argv, os.environ, tmp_path, tmp_path / "logs" / "files.log")
    try:
        with SignalWatch() as watch:
            assert wait_ready([child], 30.0, watch) == []
        assert is_listening("127.0.0.1", port)
    finally:
        stop_all([child], timeout=10.0)
    assert child.process.returncode is not None
    assert not is_listening("127.0.0.1", port)


def test_a_child_that_exits_early_is_reported_with_its_output(tmp_path):
    service = stand_in("broken", free_port("127.0.0.1"))
    argv = [sys.executable, "-c", "import sys; print('cannot load the app'); sys.exit(3)"]
    child = start_child(service, argv, os.environ, tmp_path, tmp_path / "broken.log")
    with SignalWatch() as watch:
        failures = wait_ready([child], 30.0, watch)
    assert [f.reason for f in failures] == ["exited with code 3 before it was ready"]
    assert "cannot load the app" in child.log_path.read_text()


def test_a_child_that_never_answers_times_out_and_is_stopped(tmp_path):
    service = stand_in("mute", free_port("127.0.0.1"))
    argv = [sys.executable, "-c", "import signal; signal.pause()"]
    child = start_child(service, argv, os.environ, tmp_path, tmp_path / "mute.log")
    try:
        with SignalWatch() as watch:
            failures = wait_ready([child], 0.5, watch)
        assert len(failures) == 1 and failures[0].reason.startswith("not ready after 0.5s")
    finally:
        stop_all([child], timeout=10.0)
    assert child.process.returncode == -signal.SIGTERM
