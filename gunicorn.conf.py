"""gunicorn settings for SmartStock's web process.

Used by the Dockerfile, docker-compose.yml and bench/load_dashboard.py
(`gunicorn smartstock.wsgi -c gunicorn.conf.py`); README.md ("Web server")
documents every variable. The limits keep one request from outliving or
exhausting a worker:

- `timeout`: a worker silent for longer is killed and replaced (the request gets
  a 502 from the proxy); no page of the app is meant to come near it (the
  admin's export is capped), and large exports stream while reporting their
  progress (smartstock/worker_heartbeat.py), so only a stuck request is cut;
- `max_requests` + `max_requests_jitter`: each worker is recycled after about
  that many requests, so slow leaks and fragmentation cannot accumulate, and the
  jitter keeps the workers from restarting all at once. A restart costs the
  worker's start-up (≈ 1–2 s, requests queued to it wait), so the default is
  high (20,000): at 1,000 the dashboard bench's p99 went from ≈ 200 ms to
  ≈ 1.4 s; the memory guard below catches a real leak sooner;
- the memory guard: after each request a worker whose resident memory is above
  GUNICORN_WORKER_MAX_MEMORY_MB finishes and is replaced by a fresh one.
"""

from __future__ import annotations

import os
import resource

# smartstock/__init__.py loads the Celery app, whose default is the *local*
# settings, before smartstock/wsgi.py can choose production: gunicorn decides
# first (an explicit DJANGO_SETTINGS_MODULE still wins).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartstock.settings.production")

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
worker_max_memory_mb = int(os.environ.get("GUNICORN_WORKER_MAX_MEMORY_MB", "768"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Heartbeat files in memory, not on a (possibly slow) container filesystem.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# Django reads X-Forwarded-Proto itself, only when a TLS proxy is declared.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def worker_rss_mb() -> float:
    """The calling process's resident memory now (Linux), else its peak."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            resident_pages = int(statm.read().split()[1])
        return resident_pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def post_worker_init(worker) -> None:
    """Streaming responses may report progress (smartstock/worker_heartbeat.py)."""
    try:
        from smartstock import worker_heartbeat
    except ImportError:  # another WSGI app
        return
    worker_heartbeat.install(worker.notify)


def post_request(worker, req, environ, resp) -> None:
    """The memory guard: a worker past its limit is replaced after this request."""
    limit = worker_max_memory_mb
    if limit <= 0:
        return
    rss = worker_rss_mb()
    if rss > limit:
        worker.log.warning(
            "worker %s uses %.0f MB (limit %s MB): replacing it after this request",
            worker.pid, rss, limit,
        )
        # The same switch gunicorn's max_requests uses: finish, exit, respawn.
        worker.alive = False
