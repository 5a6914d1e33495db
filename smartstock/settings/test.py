"""Tests: fast hashing, in-memory cache (real, not dummy), eager Celery, locmem email."""
from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-secret-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "template_fragments": CACHES["template_fragments"]}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Redis used by tests that talk to a real broker (skipped when absent).
TEST_REDIS_URL = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/15")
# The live server (browser tests) serves static files from the finders; with
# autorefresh whitenoise does not warn that STATIC_ROOT (filled by
# collectstatic for production) is absent.
WHITENOISE_AUTOREFRESH = True
# Channel credentials: a key derived from SECRET_KEY; connectors retry fast.
SMARTSTOCK_CREDENTIALS_DEV_KEY = True
CHANNEL_SYNC_HTTP = {"timeout_seconds": 5.0, "max_attempts": 4,
                     "backoff_base_seconds": 0.01, "backoff_cap_seconds": 0.05}
CHANNEL_PUSH_INTERVAL_SECONDS = 0
# The API throttles are tested on purpose (tests/api/test_throttling.py); the
# other tests send hundreds of requests a minute from one address.
API_THROTTLE_RATES = {"api_key": "100000/min", "api_ip": "100000/min"}
# The browser tests serve http://localhost: WebAuthn accepts that origin only here.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
