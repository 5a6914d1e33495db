"""Settings behave as documented: each check loads settings in a new interpreter."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import environ
import pytest

from smartstock.settings.base import _tune_database

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_DIR = ROOT / "smartstock" / "settings"
# Variables only docker-compose.yml or the shell read, not the settings.
NOT_FROM_SETTINGS = {"DJANGO_SETTINGS_MODULE"}


def _run_with_settings(
    module: str, code: str, **environment: str | None
) -> subprocess.CompletedProcess[str]:
    """Run `code` after django.setup() with `module`; None removes a variable."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": module}
    for name, value in environment.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    script = f"import django, json\ndjango.setup()\nfrom django.conf import settings\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script], check=False, cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=120,
    )


def _settings_values(module: str, names: list[str], **environment: str | None) -> dict:
    code = f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    result = _run_with_settings(module, code, **environment)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _dotenv_defines(name: str) -> bool:
    dotenv = ROOT / ".env"
    if not dotenv.exists():
        return False
    return re.search(rf"^\s*{name}\s*=", dotenv.read_text(), re.MULTILINE) is not None


@pytest.mark.parametrize("secret_key", [None, ""], ids=["unset", "empty"])
def test_production_refuses_to_start_without_a_secret_key(secret_key: str | None) -> None:
    if secret_key is None and _dotenv_defines("DJANGO_SECRET_KEY"):
        pytest.skip("the local .env file sets DJANGO_SECRET_KEY")
    result = _run_with_settings(
        "smartstock.settings.production", "print('started')", DJANGO_SECRET_KEY=secret_key
    )
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


def test_production_with_a_key_starts_with_mandatory_email_verification() -> None:
    values = _settings_values(
        "smartstock.settings.production",
        ["ACCOUNT_EMAIL_VERIFICATION", "DEBUG", "SECRET_KEY", "SESSION_COOKIE_SECURE"],
        DJANGO_SECRET_KEY="a-production-key", DJANGO_DEBUG="true",
        ACCOUNT_EMAIL_VERIFICATION="none", SECURE_COOKIES=None,
    )
    assert values == {
        "ACCOUNT_EMAIL_VERIFICATION": "mandatory",
        "DEBUG": False,
        "SECRET_KEY": "a-production-key",
        "SESSION_COOKIE_SECURE": True,
    }


def test_mysql_url_gets_utf8mb4_strict_mode_and_read_committed() -> None:
    database = _tune_database(
        environ.Env.db_url_config("mysql://shop:pw@db.example:3306/smartstock")
    )
    options = database["OPTIONS"]
    assert options["charset"] == "utf8mb4"
    assert "STRICT_TRANS_TABLES" in options["init_command"]
    assert options["isolation_level"] == "read committed"
    assert database["TEST"]["CHARSET"] == "utf8mb4"
    assert database["TEST"]["COLLATION"].startswith("utf8mb4_")


def test_server_database_keeps_its_connection_sqlite_does_not(monkeypatch) -> None:
    monkeypatch.delenv("DB_CONN_MAX_AGE", raising=False)
    mysql = _tune_database(environ.Env.db_url_config("mysql://shop:pw@db:3306/s"))
    assert mysql["CONN_MAX_AGE"] == 60 and mysql["CONN_HEALTH_CHECKS"] is True
    sqlite = _tune_database(environ.Env.db_url_config("sqlite:////tmp/x.sqlite3"))
    assert sqlite["CONN_MAX_AGE"] == 0
    monkeypatch.setenv("DB_CONN_MAX_AGE", "0")
    assert _tune_database(
        environ.Env.db_url_config("mysql://shop:pw@db:3306/s"))["CONN_MAX_AGE"] == 0


def test_sessions_live_in_redis_only_when_it_is_configured() -> None:
    names = ["SESSION_ENGINE"]
    with_redis = _settings_values("smartstock.settings.local", names,
                                  REDIS_URL="redis://127.0.0.1:6379/9")
    without = _settings_values("smartstock.settings.local", names, REDIS_URL="")
    assert with_redis["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert without["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_sqlite_url_gets_no_mysql_options() -> None:
    database = _tune_database(environ.Env.db_url_config("sqlite:////tmp/x.sqlite3"))
    assert "charset" not in database.get("OPTIONS", {})
    assert database["OPTIONS"]["timeout"] == 20


@pytest.mark.parametrize(
    "module", ["smartstock.settings.local", "smartstock.settings.production"]
)
def test_without_redis_celery_runs_eagerly_and_the_cache_is_real(module: str) -> None:
    code = (
        "from smartstock.celery import app\n"
        "print(json.dumps({'eager': app.conf.task_always_eager,"
        " 'broker': app.conf.broker_url,"
        " 'cache': settings.CACHES['default']['BACKEND']}))"
    )
    result = _run_with_settings(module, code, REDIS_URL="", DJANGO_SECRET_KEY="k")
    assert result.returncode == 0, result.stderr[-3000:]
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["eager"] is True
    assert values["broker"] == "memory://"
    # allauth's rate limits silently do nothing with DummyCache.
    assert "DummyCache" not in values["cache"]
    assert values["cache"].endswith("FileBasedCache")


def test_with_redis_celery_queues_to_redis_and_redis_is_the_cache() -> None:
    values = _settings_values(
        "smartstock.settings.production",
        ["CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL", "CACHES"],
        REDIS_URL="redis://cache.example:6379/0", DJANGO_SECRET_KEY="k",
    )
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["CELERY_BROKER_URL"] == "redis://cache.example:6379/0"
    assert values["CACHES"]["default"]["BACKEND"].endswith("RedisCache")


def test_test_settings_use_a_real_cache(settings) -> None:
    assert "DummyCache" not in settings.CACHES["default"]["BACKEND"]


def _variables_read_by_settings() -> set[str]:
    pattern = re.compile(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
    names: set[str] = set()
    for path in SETTINGS_DIR.glob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names


def _env_example_names() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s?([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))


def test_env_example_documents_every_variable_the_settings_read() -> None:
    read = _variables_read_by_settings()
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read
    assert read - _env_example_names() == set()
    assert NOT_FROM_SETTINGS <= _env_example_names()


def test_env_example_values_pass_the_system_checks_with_local_settings() -> None:
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    code = "from django.core.management import call_command\ncall_command('check')\n"
    result = _run_with_settings("smartstock.settings.local", code, **values)
    assert result.returncode == 0, result.stderr[-3000:]
