"""Settings shared by every environment; everything variable comes from the environment.

Every environment variable read here is documented in README.md ("Configuration").
"""
from pathlib import Path

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A local .env file is optional; real deployments pass the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "import_export",
    "simple_history",
    "allauth.mfa",
    "csp",
    "accounts",
    "inventory",
    "forecasting",
    "policy",
    "alerts",
    "dashboard",
    "channel_sync",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
    "copilot",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "smartstock.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "smartstock.versions.RequestVersionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.OrganizationMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "accounts.middleware.LoginThrottleMiddleware",
]

ROOT_URLCONF = "smartstock.urls"
WSGI_APPLICATION = "smartstock.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "accounts.context_processors.organization",
                "alerts.context_processors.alert_counts",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# DATABASE_URL, e.g. mysql://user:pass@127.0.0.1:3306/smartstock; default: SQLite file.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}


def _tune_database(database: dict) -> dict:
    """MySQL/MariaDB: utf8mb4, strict mode, read committed (see PITFALLS.md)."""
    if database["ENGINE"] == "django.db.backends.mysql":
        options = database.setdefault("OPTIONS", {})
        options.setdefault("charset", "utf8mb4")
        options.setdefault(
            "init_command",
            "SET sql_mode='STRICT_TRANS_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
            "ERROR_FOR_DIVISION_BY_ZERO', innodb_lock_wait_timeout=20",
        )
        options.setdefault("isolation_level", "read committed")
        database.setdefault("TEST", {}).update(
            {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}
        )
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        # Writers wait for each other instead of failing with "database is locked".
        database.setdefault("OPTIONS", {}).setdefault("timeout", 20)
    # A server database keeps its connection open between requests (a new one
    # costs a TCP connect, authentication and the init commands above on every
    # page); the health check reopens one the server closed meanwhile.
    server = database["ENGINE"] != "django.db.backends.sqlite3"
    database.setdefault(
        "CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60 if server else 0)
    )
    database.setdefault("CONN_HEALTH_CHECKS", True)
    return database


DATABASES["default"] = _tune_database(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (allauth's rate limits need a real one) -------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "smartstock.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    # Sessions are read from Redis on every request and written through to the
    # database, so a Redis restart signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Template fragments ({% cache %}) are keyed on every version they show (the
# menu on the alerts' version, filter bars on the catalogue's), so a key's
# content never changes: each process keeps its own copy, no round trip.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

# --- Auth and allauth ------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so they are visible; they need a real cache.
    # Wrong passwords are throttled by accounts/services/login_security.py
    # instead (by address and by address + account, answering 429: the
    # adapter skips allauth's per-email limit, which let strangers lock users
    # out). This limit still guards the two-factor code step (key = the user,
    # who has already given the right password).
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Seoul")
USE_I18N = True
FORMAT_MODULE_PATH = ["smartstock.formats"]  # ISO dates in both languages
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Email ----------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.com:587 ; default: console.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="SmartStock <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------
# Without REDIS_URL, tasks run eagerly in-process so the embedded default works.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Task hard limits stay below the visibility timeout so a running task is never
# delivered a second time (PITFALLS.md, Celery).
CELERY_BROKER_VISIBILITY_TIMEOUT = 2 * 60 * 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_BROKER_VISIBILITY_TIMEOUT}
CELERY_TASK_TIME_LIMIT = 60 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 55 * 60

# --- Domain settings ------------------------------------------------------
SMARTSTOCK_DEMO_DATASET = BASE_DIR / "inventory" / "demo_data" / "italian_pasta_sales.csv.gz"

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# allauth's EmailAddress has conditional unique constraints that MariaDB cannot
# create; allauth enforces them in code too (ACCOUNT_UNIQUE_EMAIL). Our own
# models use no conditional constraints. W044: MariaDB skips the one expression
# constraint (Product's LOWER(sku) key for SQLite); there the case-insensitive
# collation of the sku column keeps the same rule (inventory/fields.py).
SILENCED_SYSTEM_CHECKS = ["models.W036", "models.W044"]

# django-import-export: control characters (NUL, …) become U+FFFD in xlsx exports
# instead of failing the export; formula escaping is our own sanitiser
# (smartstock/exports.py), which keeps numbers as numbers.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# --- Uploads (inventory/services/imports.py) ----------------------------------
# Larger files are refused with a message; files above the ASYNC limits are
# parsed / applied by a Celery task while the page shows progress.
SMARTSTOCK_UPLOAD_MAX_BYTES = env.int(
    "SMARTSTOCK_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024
)
SMARTSTOCK_UPLOAD_MAX_ROWS = env.int("SMARTSTOCK_UPLOAD_MAX_ROWS", default=20_000)
SMARTSTOCK_UPLOAD_ASYNC_BYTES = env.int(
    "SMARTSTOCK_UPLOAD_ASYNC_BYTES", default=1024 * 1024
)
SMARTSTOCK_UPLOAD_ASYNC_ROWS = env.int("SMARTSTOCK_UPLOAD_ASYNC_ROWS", default=2_000)
# Issue 11: a batch left "parsing"/"applying" this long (longer than the tasks'
# hard time limits) is marked failed; failed uploads' bytes are deleted after
# the retention period.
SMARTSTOCK_UPLOAD_STALE_PARSE_SECONDS = env.int(
    "SMARTSTOCK_UPLOAD_STALE_PARSE_SECONDS", default=10 * 60
)
SMARTSTOCK_UPLOAD_STALE_APPLY_SECONDS = env.int(
    "SMARTSTOCK_UPLOAD_STALE_APPLY_SECONDS", default=40 * 60
)
SMARTSTOCK_UPLOAD_FAILED_RETENTION_DAYS = env.int(
    "SMARTSTOCK_UPLOAD_FAILED_RETENTION_DAYS", default=7
)

# Channel connections (channel_sync): Fernet keys that encrypt the channels'
# credentials at rest, comma-separated; the first encrypts, all decrypt (add a
# new key in front, run `manage.py rotate_channel_credentials`, then drop the old).
SMARTSTOCK_CREDENTIALS_KEYS = env.list("SMARTSTOCK_CREDENTIALS_KEYS", default=[])
# Without keys, local/test settings derive a development key from SECRET_KEY.
SMARTSTOCK_CREDENTIALS_DEV_KEY = False
# Minutes between two order syncs of one account (the beat job runs every minute
# and syncs the accounts that are due).
CHANNEL_SYNC_INTERVAL_MINUTES = env.int("CHANNEL_SYNC_INTERVAL_MINUTES", default=10)
# A sync lock expires after this many seconds, so a crashed worker frees it.
CHANNEL_SYNC_LOCK_SECONDS = 15 * 60
# Connector tuning: HTTP timeout and retries, look-back of the date-window
# channels (Coupang, Cafe24), page sizes.
CHANNEL_SYNC_HTTP = {"timeout_seconds": 15.0, "max_attempts": 4,
                     "backoff_base_seconds": 1.0, "backoff_cap_seconds": 30.0}
CHANNEL_SYNC_LOOKBACK_DAYS = 7
# Stock push: at most this many quantity updates per account and run, and the
# pause between two of them (the channels' rate limits).
CHANNEL_PUSH_BATCH = 50
CHANNEL_PUSH_INTERVAL_SECONDS = 0.25

# --- REST API (api/) ---------------------------------------------------------------
# Throttle rates per API key / session user and per client address, kept in the
# shared cache (Redis in production). Read by api.throttling at request time.
API_THROTTLE_RATES = {
    "api_key": env("API_THROTTLE_KEY_RATE", default="600/min"),
    "api_ip": env("API_THROTTLE_IP_RATE", default="1200/min"),
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "api.authentication.MemberSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.RolePermission"],
    # api.views.base also applies api.throttling.AddressRateThrottle before
    # authentication, so guessing keys is limited too.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.KeyRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PagePagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies; the upload endpoint adds multipart for the file.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SmartStock API",
    "DESCRIPTION": (
        "Inventory, forecasts, replenishment and purchase orders of one "
        "organization. Authenticate with `Authorization: Bearer <key>` (keys are "
        "created by a master on the API keys page). Errors have the shape "
        '`{"error": {"code", "message", "fields"}}`; messages follow '
        "Accept-Language (ko, en)."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # One enum name per choice set (several models have "kind"/"status"/"role").
    "ENUM_NAME_OVERRIDES": {
        "ProductKindEnum": "inventory.models.Product.Kind",
        "ChannelKindEnum": "inventory.models.Channel.Kind",
        "MovementKindEnum": "inventory.models.StockMovement.Kind",
        "MovementSourceEnum": "inventory.models.StockMovement.Source",
        "OverrideKindEnum": "forecasting.models.ForecastOverride.Kind",
        "AlertKindEnum": "alerts.models.Alert.Kind",
        "AlertStatusEnum": "alerts.models.Alert.Status",
        "UploadStatusEnum": "inventory.models.UploadBatch.Status",
        "RunStatusEnum": "forecasting.models.ForecastRun.Status",
        "PurchaseOrderStatusEnum": "policy.models.PurchaseOrder.Status",
        "MemberRoleEnum": "accounts.roles.Role",
        "ApiKeyRoleEnum": "api.models.API_KEY_ROLE_CHOICES",
        "RecordedMovementKindEnum": "api.serializers.stock.RECORDABLE_KINDS",
    },
    "SECURITY": [{"ApiKeyAuth": []}],
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKeyAuth": {"type": "http", "scheme": "bearer"},
        }
    },
    "AUTHENTICATION_WHITELIST": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_examples",
    ],
}

# --- Copilot (copilot/services/llm.py) -----------------------------------------
# Optional language model: an OpenAI-compatible chat-completions URL and its key.
# Unset: the copilot answers with its own parser only.
COPILOT_LLM_URL = env("COPILOT_LLM_URL", default="")
COPILOT_LLM_API_KEY = env("COPILOT_LLM_API_KEY", default="")
COPILOT_LLM_MODEL = env("COPILOT_LLM_MODEL", default="")
COPILOT_LLM_TIMEOUT = env.float("COPILOT_LLM_TIMEOUT", default=10.0)

# --- Security headers and two-factor login (issue 17) -------------------------
# Content-Security-Policy (django-csp): scripts only from our own static files or
# inline with the request's nonce ({{ CSP_NONCE }}); no 'unsafe-inline' and no
# 'unsafe-eval' for scripts. Styles may be inline (style= attributes, and the
# <style> elements plotly.js creates for its charts).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features the app never uses are switched off for every page.
PERMISSIONS_POLICY = {
    "accelerometer": [], "camera": [], "geolocation": [], "gyroscope": [],
    "magnetometer": [], "microphone": [], "payment": [], "usb": [],
}
# The admin's export builds its file inside the request: at most this many rows
# (bigger tables: filter first, or the streamed CSV of the stock movements page).
SMARTSTOCK_ADMIN_EXPORT_MAX_ROWS = env.int("SMARTSTOCK_ADMIN_EXPORT_MAX_ROWS", default=20_000)
# allauth.mfa: TOTP authenticator apps, security keys / passkeys (WebAuthn, over
# HTTPS or http://localhost) and single-use recovery codes. An organization's
# master may require a second factor of every member (Organization.require_mfa).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "SmartStock"
