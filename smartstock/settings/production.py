"""Production: secret key required, mandatory email verification, HTTPS only.

`manage.py check --deploy --fail-level WARNING` passes with the defaults below
(tests/test_deploy.py and .ci/run check it). Two deployments are supported:

- gunicorn reachable directly over TLS (or plain HTTP that must be redirected):
  Django redirects HTTP to HTTPS (SECURE_SSL_REDIRECT, default on);
- behind a TLS-terminating reverse proxy (TLS_TERMINATING_PROXY=true): the proxy
  redirects and tells Django the original scheme in X-Forwarded-Proto, which is
  trusted only then (a client could otherwise claim HTTPS itself).
"""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SILENCED_SYSTEM_CHECKS, env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
DEBUG = False
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)

# HSTS: browsers refuse plain HTTP for a year once they have seen HTTPS.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

TLS_TERMINATING_PROXY = env.bool("TLS_TERMINATING_PROXY", default=False)
if TLS_TERMINATING_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The proxy answers plain HTTP with its own redirect; requests from inside
    # the network (health checks) must not be bounced to HTTPS.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
    if not SECURE_SSL_REDIRECT:
        # W008 asks for SECURE_SSL_REDIRECT; the declared proxy does the redirect.
        SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W008"]
else:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Behind a reverse proxy allauth and the login throttle must know which address
# is the client's.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
