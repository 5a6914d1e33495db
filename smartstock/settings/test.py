"""Tests: fast hashing, in-memory cache (real, not dummy), eager Celery, locmem email."""
from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-secret-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
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
# The browser tests serve http://localhost: WebAuthn accepts that origin only here.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
