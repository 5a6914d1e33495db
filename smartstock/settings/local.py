"""Development on the embedded default: SQLite, no Redis, console email."""
from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# `make run` serves plain http: security keys work at http://localhost:8000.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="local-dev-only-insecure-key-change-me-in-production"
)
# Channel credentials: a key derived from SECRET_KEY unless keys are given.
SMARTSTOCK_CREDENTIALS_DEV_KEY = True
