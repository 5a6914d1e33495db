"""gunicorn.conf.py: timeout, worker recycling with jitter and the per-worker memory
guard, checked on a real gunicorn; and every way of starting the web process uses it."""
from __future__ import annotations

import http.client
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(app: str = "tests.ops.pid_app:app", **environment: str):
    port = _free_port()
    env = {**os.environ, "WEB_CONCURRENCY": "1", "GUNICORN_ACCESS_LOG": "",
           **environment}
    process = subprocess.Popen(
        [str(GUNICORN), app, "-c", str(CONF),
         "-b", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    return process, f"http://127.0.0.1:{port}/"


def _get(url: str) -> str:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                return response.read().decode()
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def _pids(url: str, count: int) -> list[str]:
    return [_get(url) for _ in range(count)]


def _stop(process) -> str:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output


def test_the_configuration_sets_timeout_recycling_and_a_memory_guard(monkeypatch):
    for name in ("GUNICORN_TIMEOUT", "GUNICORN_MAX_REQUESTS",
                 "GUNICORN_MAX_REQUESTS_JITTER", "GUNICORN_WORKER_MAX_MEMORY_MB"):
        monkeypatch.delenv(name, raising=False)
    conf = runpy.run_path(str(CONF))
    assert conf["timeout"] == 30
    assert conf["max_requests"] == 20000 and conf["max_requests_jitter"] == 2000
    assert conf["worker_max_memory_mb"] == 768
    assert 10 < conf["worker_rss_mb"]() < 4096  # this very process, in MB


def test_gunicorn_defaults_to_the_production_settings():
    """Without DJANGO_SETTINGS_MODULE, importing smartstock would pick the local
    settings (DEBUG on) through the Celery app; the configuration prevents it."""
    code = (f"import runpy, os; runpy.run_path({str(CONF)!r}); "
            "import smartstock.wsgi; from django.conf import settings; "
            "print(settings.SETTINGS_MODULE, settings.DEBUG)")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DJANGO_SECRET_KEY"] = "x" * 60
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.stdout.split()[-2:] == ["smartstock.settings.production", "False"], \
        result.stderr[-2000:]


def test_a_worker_over_its_memory_limit_is_replaced_after_the_request():
    process, url = _serve(GUNICORN_WORKER_MAX_MEMORY_MB="1")  # every worker is over
    try:
        pids = _pids(url, 3)
    finally:
        output = _stop(process)
    assert len(set(pids)) == 3, (pids, output)
    assert "replacing it after this request" in output


def test_a_worker_under_its_limit_keeps_serving():
    process, url = _serve(GUNICORN_WORKER_MAX_MEMORY_MB="4096",
                          GUNICORN_MAX_REQUESTS="0")
    try:
        pids = _pids(url, 3)
    finally:
        _stop(process)
    assert len(set(pids)) == 1


def test_workers_are_recycled_after_max_requests():
    process, url = _serve(GUNICORN_MAX_REQUESTS="2", GUNICORN_MAX_REQUESTS_JITTER="0",
                          GUNICORN_WORKER_MAX_MEMORY_MB="0")
    try:
        pids = _pids(url, 4)
    finally:
        _stop(process)
    assert pids[0] == pids[1] != pids[2] == pids[3]


def _stream(url: str) -> bytes:
    """The body as far as it arrived (a killed worker cuts it short)."""
    port = int(url.split(":")[2].split("/")[0])
    for _ in range(100):  # wait until gunicorn listens
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    received = b""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            while chunk := response.read1(64):
                received += chunk
    except (OSError, http.client.HTTPException):  # the worker was killed mid-stream
        pass
    return received


@pytest.mark.parametrize("beating", [True, False], ids=["beating", "silent"])
def test_a_stream_longer_than_the_timeout_survives_only_while_it_progresses(beating):
    """4 s of streaming with a 2 s timeout: the heartbeat keeps the worker; without
    it the arbiter kills the worker mid-stream, as it would a stuck request."""
    process, url = _serve("tests.ops.pid_app:slow_stream", GUNICORN_TIMEOUT="2")
    try:
        body = _stream(url + ("?beat=1" if beating else ""))
    finally:
        output = _stop(process)
    if beating:
        assert body == b"chunk\n" * 8, output
    else:
        assert body.count(b"chunk") < 8
        assert "WORKER TIMEOUT" in output


@pytest.mark.parametrize("path", ["Dockerfile", "docker-compose.yml",
                                  "bench/load_dashboard.py"])
def test_every_way_of_starting_the_web_process_uses_the_configuration(path):
    assert "gunicorn.conf.py" in (ROOT / path).read_text(encoding="utf-8")
