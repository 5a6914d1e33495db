"""Production settings: `check --deploy` is clean and responses carry the security
headers (HSTS, CSP, Permissions-Policy...). Each check runs a new interpreter with
smartstock.settings.production, as gunicorn would load it."""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECURE_SSL_REDIRECT",
                       "DJANGO_ALLOW_ASYNC_UNSAFE",
                       "SECURE_COOKIES", "TLS_TERMINATING_PROXY"}
        and not key.startswith("SECURE_HSTS")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="smartstock.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        ALLOWED_HOSTS="testserver",
        **extra,
    )
    return env


def _deploy_check(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=_production_env(tmp_path, **extra), capture_output=True,
        text=True, timeout=180, check=False,
    )


@pytest.mark.parametrize("extra", [{}, {"TLS_TERMINATING_PROXY": "true"}],
                         ids=["direct", "behind-tls-proxy"])
def test_check_deploy_is_clean_with_the_production_defaults(tmp_path, extra) -> None:
    result = _deploy_check(tmp_path, **extra)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_hsts_is_switched_off(tmp_path) -> None:
    """The check is not silenced wholesale: removing HSTS brings W004 back."""
    result = _deploy_check(tmp_path, SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


_RESPONSES = """
import django, json
django.setup()
from django.test import Client
client = Client()
out = {}
for name, kwargs in (("https", {"secure": True}), ("http", {}),
                     ("proxied", {"HTTP_X_FORWARDED_PROTO": "https"})):
    response = client.get("/accounts/login/", **kwargs)
    out[name] = {"status": response.status_code, "headers": dict(response.headers)}
print(json.dumps(out))
"""


def _responses(tmp_path: Path, **extra: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", _RESPONSES], cwd=ROOT,
        env=_production_env(tmp_path, **extra), capture_output=True, text=True,
        timeout=180, check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_response_carries_the_security_headers(tmp_path) -> None:
    responses = _responses(tmp_path)
    secure = responses["https"]
    assert secure["status"] == 200
    headers = {key.lower(): value for key, value in secure["headers"].items()}
    assert headers["strict-transport-security"] == (
        "max-age=31536000; includeSubDomains; preload")
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["content-security-policy"].split(";")
        if directive.strip()
    )
    assert policy["script-src"].split() == ["'self'"] or (
        policy["script-src"].startswith("'self' 'nonce-"))
    assert "unsafe" not in policy["script-src"]
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "camera=()" in headers["permissions-policy"]
    assert "geolocation=()" in headers["permissions-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    # Plain HTTP is redirected to HTTPS; X-Forwarded-Proto is not trusted here.
    assert responses["http"]["status"] == 301
    assert responses["http"]["headers"]["Location"].startswith("https://")
    assert responses["proxied"]["status"] == 301


def test_behind_a_declared_tls_proxy_its_scheme_header_is_trusted(tmp_path) -> None:
    responses = _responses(tmp_path, TLS_TERMINATING_PROXY="true")
    proxied = responses["proxied"]
    assert proxied["status"] == 200
    assert "Strict-Transport-Security" in proxied["headers"]
    # The proxy redirects plain HTTP itself; Django answers it without HSTS.
    assert responses["http"]["status"] == 200
    assert "Strict-Transport-Security" not in responses["http"]["headers"]


def test_hsts_subdomains_and_preload_follow_their_settings(tmp_path) -> None:
    responses = _responses(tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
                           SECURE_HSTS_PRELOAD="false")
    assert responses["https"]["headers"]["Strict-Transport-Security"] == (
        "max-age=31536000")
