"""Settings for the coordination service: one module, driven by environment variables.

With no variables set it runs embedded: SQLite and generated dev keys under
``var/``, Celery tasks run eagerly. ``COORD_ENV=production`` refuses to start on
any insecure setting; each refusal names the variable to fix.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from coord.lib.db import postgres_options
from coord.lib.env import (
    ensure_dev_key_file,
    envbool,
    envfloat,
    envint,
    envlist,
    envsecret,
    is_dev_key,
    secret_body,
)
from coord.lib.paths import refuse_private_paths_in_served_trees

BASE_DIR = Path(__file__).resolve().parent.parent

COORD_ENV = os.environ.get("COORD_ENV", "dev")
if COORD_ENV not in {"dev", "production"}:
    raise ImproperlyConfigured(f"COORD_ENV must be 'dev' or 'production', got {COORD_ENV!r}")
PRODUCTION = COORD_ENV == "production"

# The private data dir: generated dev keys and the SQLite file. Never served, never inside a
# served tree and never holding one (checked below, after STATIC_ROOT and MEDIA_ROOT).
COORD_DATA_DIR = Path(os.environ.get("COORD_DATA_DIR") or BASE_DIR / "var").resolve()
# Served trees live outside the private data dir, so ``/static/..`` can never be the directory
# that holds the keys or the database (docs/operations.md: "Where files live").
STATIC_ROOT = Path(os.environ.get("COORD_STATIC_ROOT") or BASE_DIR / "staticfiles").resolve()
MEDIA_ROOT = Path(os.environ.get("COORD_MEDIA_ROOT") or BASE_DIR / "media").resolve()
SERVED_TREES = {
    "STATIC_ROOT (COORD_STATIC_ROOT)": STATIC_ROOT,
    "MEDIA_ROOT (COORD_MEDIA_ROOT)": MEDIA_ROOT,
}
# Checked before any dev key is generated, so none is ever written into a served tree.
refuse_private_paths_in_served_trees(
    private={
        f"{name}_FILE": Path(os.environ[f"{name}_FILE"])
        for name in (
            "SECRET_KEY",
            "COORD_MASTER_KEY",
            "COORD_AUDIT_SIGNING_KEY",
            "COORD_MASTER_KEY_PREVIOUS",
        )
        if os.environ.get(f"{name}_FILE")
    },
    private_dirs={"COORD_DATA_DIR": COORD_DATA_DIR},
    served=SERVED_TREES,
)
if not PRODUCTION:
    COORD_DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)  # private when we create it

DEBUG = envbool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when COORD_ENV=production")

DEV_SECRET_KEY = "dev-insecure-secret-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = envsecret("SECRET_KEY", production=PRODUCTION) or ""
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 32+ characters")
SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY


def _key32(variable: str, dev_file: str) -> str:
    """A 32-byte key (base64) from VAR or VAR_FILE; generated in the data dir in dev."""
    raw = envsecret(variable, production=PRODUCTION)
    if raw is None and not PRODUCTION:
        raw = ensure_dev_key_file(
            COORD_DATA_DIR / dev_file,
            lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        )
    if raw is None:
        raise ImproperlyConfigured(f"{variable} (or {variable}_FILE) must be set in production")
    if PRODUCTION and is_dev_key(raw):
        raise ImproperlyConfigured(f"{variable} is the generated dev key: use a production key")
    body = secret_body(raw)
    try:
        if len(base64.urlsafe_b64decode(body)) != 32:
            raise ValueError
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{variable} must be 32 random bytes, base64-encoded") from None
    return body


COORD_MASTER_KEY = _key32("COORD_MASTER_KEY", "dev-master.key")
COORD_AUDIT_SIGNING_KEY = _key32("COORD_AUDIT_SIGNING_KEY", "dev-audit-signing.key")
# Master-key provider (dotted path), and old master keys accepted for unwrapping only
# while a master-key rotation rolls out (comma-separated base64). See docs/encryption.md.
COORD_MASTER_KEY_PROVIDER = os.environ.get(
    "COORD_MASTER_KEY_PROVIDER", "coord.crypto.providers.LocalMasterKeyProvider"
)
COORD_MASTER_KEY_PREVIOUS = [
    secret_body(k)
    for k in (envsecret("COORD_MASTER_KEY_PREVIOUS", production=PRODUCTION) or "").split(",")
    if secret_body(k)
]
# How long a process may keep an unwrapped data key before re-checking its state.
COORD_KEY_CACHE_SECONDS = envint("COORD_KEY_CACHE_SECONDS", 30, minimum=0)

ALLOWED_HOSTS = envlist(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the public host names in production")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before staticfiles: ``runserver`` leaves static files to whitenoise, as production does,
    # instead of Django's static view (whose path checks answer traversal with a 500).
    "whitenoise.runserver_nostatic",
    # Before django.contrib.auth: its createsuperuser applies the project's username checks.
    "coord.organisations.cli",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "coord.organisations",
    "coord.audit",
    "coord.pii",
    "coord.crypto",
    "coord.jobs",
    "coord.idempotency",
    "coord.cases",
    "coord.imports",
    "coord.trends",
    "coord.followups",
    "coord.web",
    "sharing_policies",
    "coord.bench",  # manage.py bench only: no models, no tables in the service's database
]

MIDDLEWARE = [
    "coord.lib.health.HealthCheckMiddleware",
    # Compresses what every later middleware and view returns, static files in development
    # included; Django's BREACH mitigations hold (docs/web.md, "Light pages").
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "coord.lib.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coord.web.sessions.SessionLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "coord.lib.middleware.NoStoreMiddleware",
    # Before any view or middleware reads request.GET/POST (CSRF does, in process_view).
    "coord.lib.middleware.InputLimitsMiddleware",
    # Web form posts spend the same rate budgets as the API (after the user is known).
    "coord.lib.middleware.WebFormThrottleMiddleware",
    # A view's database failure (down, or a statement past its timeout) is a 503.
    "coord.lib.unavailable.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication: /admin/ for staff only; a due password change comes first.
    "coord.web.middleware.AccountGateMiddleware",
]

ROOT_URLCONF = "coord.urls"
WSGI_APPLICATION = "coord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# One slow query cannot hold a worker: PostgreSQL cancels any statement of the web service
# running longer than this (0 = no limit), and the request answers 503 with Retry-After
# (coord/lib/unavailable.py). Celery workers use COORD_WORKER_STATEMENT_TIMEOUT_MS instead
# (coord/celery.py): their batches are longer by design.
COORD_STATEMENT_TIMEOUT_MS = envint("COORD_STATEMENT_TIMEOUT_MS", 30000, minimum=0)
COORD_WORKER_STATEMENT_TIMEOUT_MS = envint("COORD_WORKER_STATEMENT_TIMEOUT_MS", 600000, minimum=0)
# Seconds a 503 (database unavailable) asks the client to wait before trying again.
COORD_RETRY_AFTER_SECONDS = envint("COORD_RETRY_AFTER_SECONDS", 5, minimum=1)

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{COORD_DATA_DIR / 'coord.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # JIT off (partner_list 3.2 s -> 0.56 s in manage.py bench) and the statement timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", postgres_options(COORD_STATEMENT_TIMEOUT_MS)
    )
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers wait for the lock instead of failing at once.
    # IMMEDIATE transactions take the write lock up front, so concurrent writers queue
    # instead of failing on lock upgrade (the audit chain relies on this).
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"].endswith("sqlite3") and DATABASES["default"]["NAME"] not in (
    "",
    ":memory:",
):
    refuse_private_paths_in_served_trees(
        private={"DATABASE_URL (the SQLite file)": Path(DATABASES["default"]["NAME"])},
        private_dirs={},
        served=SERVED_TREES,
    )
if os.environ.get("COORD_TEST_DB_NAME"):
    # CI points a real Celery worker at the database pytest-django creates under this name.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["COORD_TEST_DB_NAME"]}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (``Index(include=...)``) are PostgreSQL's; SQLite builds the same index
# without the included columns, which is what we want there (docs/performance.md).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"

LANGUAGE_CODE = "en"
# The web interface speaks the network's languages; translations live in locale/.
LANGUAGES = [
    ("en", "English"),
    ("km", "ភាសាខ្មែរ"),
    ("th", "ภาษาไทย"),
    ("vi", "Tiếng Việt"),
    ("my", "မြန်မာဘာသာ"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
WHITENOISE_USE_FINDERS = DEBUG  # dev serves app static files without collectstatic
# Development files have no content hash in their names: cacheable for five minutes, then
# revalidated (304) by Last-Modified; production's hashed names are cached for a year.
if not PRODUCTION:
    WHITENOISE_MAX_AGE = 300
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Bodies above 1 MiB are refused before parsing (no narrative comes near that).
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("COORD_MAX_BODY_BYTES", 1024 * 1024, minimum=1024)
# Hostile input (docs/threat-model.md): JSON nested deeper than this is a 400 before the
# parser recurses into it (coord.lib.parsers); more query or form fields than this are a 400
# before anything parses them (coord.lib.middleware.InputLimitsMiddleware).
COORD_JSON_MAX_DEPTH = envint("COORD_JSON_MAX_DEPTH", 64, minimum=1)
DATA_UPLOAD_MAX_NUMBER_FIELDS = envint("COORD_MAX_FIELDS", 1000, minimum=10)
DATA_UPLOAD_MAX_NUMBER_FILES = envint("COORD_MAX_FILES", 10, minimum=1)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["coord.lib.parsers.BoundedJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "coord.lib.api.Pagination",
    "DEFAULT_SCHEMA_CLASS": "coord.lib.schema.AutoSchema",
    "EXCEPTION_HANDLER": "coord.lib.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "PAGE_SIZE": 50,
    # Scoped rates (views set ``throttle_scope``); a 429 carries Retry-After.
    "DEFAULT_THROTTLE_CLASSES": ["coord.lib.api.ScopedThrottle"],
    # Throttles count per client address. DRF would otherwise take X-Forwarded-For as sent,
    # so a client rotating that header gets a fresh budget per request. 0: REMOTE_ADDR only;
    # behind N reverse proxies that append to X-Forwarded-For, set COORD_NUM_PROXIES=N.
    "NUM_PROXIES": envint("COORD_NUM_PROXIES", 0, minimum=0),
    "DEFAULT_THROTTLE_RATES": {
        "login": os.environ.get("COORD_RATE_LOGIN", "30/min"),
        "pii_write": os.environ.get("COORD_RATE_PII_WRITE", "120/min"),
        "export": os.environ.get("COORD_RATE_EXPORT", "30/hour"),
        # Every web form post but sign-in (which spends "login"): coord.lib.middleware.
        "web_form": os.environ.get("COORD_RATE_WEB_FORM", "120/min"),
    },
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=envint("COORD_TOKEN_TTL_HOURS", 8, minimum=1)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coordination service API",
    "DESCRIPTION": "De-identified case coordination for anti-trafficking NGOs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI assets come from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One named enum per closed value set (issue 24): generated clients get readable type
    # names, one per idea (a case's status is not a referral's). Two "role" choice sets:
    # every role, and the two an organisation admin may assign.
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "coord.organisations.models.Role",
        "MemberRoleEnum": ["caseworker", "admin"],
        "AgeBandEnum": "coord.cases.choices.AgeBand",
        "GenderEnum": "coord.cases.choices.Gender",
        "CaseStatusEnum": "coord.cases.choices.Status",
        "InitialCaseStatusEnum": ["open", "active"],
        "ClosureReasonEnum": "coord.cases.choices.ClosureReason",
        "ConsentEnum": "coord.cases.choices.Consent",
        "ExploitationTypeEnum": "coord.cases.choices.ExploitationType",
        "RecruitmentMethodEnum": "coord.cases.choices.RecruitmentMethod",
        "ControlMethodEnum": "coord.cases.choices.ControlMethod",
        "IndustryEnum": "coord.cases.choices.Industry",
        "TechnologyEnum": "coord.cases.choices.Technology",
        "ServiceEnum": "coord.cases.choices.Service",
        "TextStateEnum": "coord.cases.serializers.TextState",
        "ScopeEnum": "sharing_policies.models.Scope",
        "RequestStatusEnum": "sharing_policies.models.RequestStatus",
        "ReferralStatusEnum": "sharing_policies.models.ReferralStatus",
        "ReferralReasonEnum": "sharing_policies.models.ReferralReason",
        "NotificationKindEnum": "sharing_policies.models.NotificationKind",
        "FollowUpKindEnum": "coord.followups.models.Kind",
        "FollowUpStatusEnum": "coord.followups.models.FollowUpStatus",
        "LifecycleStatusEnum": "sharing_policies.api.LIFECYCLE",
        "OrganisationKindEnum": "coord.organisations.api.ORGANISATION_KINDS",
        "CountBandEnum": "coord.trends.models.CountBand",
        "IndicatorEnum": "coord.trends.models.Indicator",
        "GrantableFieldEnum": "sharing_policies.api.GRANTABLE_FIELD_CHOICES",
        "PiiKindEnum": "coord.lib.schema.PII_KINDS",
        "JobStatusEnum": "coord.jobs.api.JOB_STATUSES",
        "JobKindEnum": "coord.jobs.api.JOB_KINDS",
        "JobStartedStatusEnum": ["pending"],
    },
    # Enum members named after the Python choices (``A18_20``, not ``VALUE_2``) for the
    # generators that read ``x-enum-varnames`` (coord.lib.schema.enum_varnames).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "coord.lib.schema.enum_varnames",
        "coord.lib.schema.describe",
    ],
}

# django-axes: lock a username at an IP after repeated failures.
AXES_FAILURE_LIMIT = envint("COORD_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("COORD_LOGIN_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coord.organisations.api.lockout_response"
AXES_VERBOSE = False
# A failed sign-in stores a keyed hash, not the text, when no such account exists (issue 15).
AXES_USERNAME_CALLABLE = "coord.organisations.lockout.axes_username"

# Celery: with no broker configured, tasks run eagerly in the calling process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or None
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# With acks_late, a task whose worker process is killed is given back to the broker instead of
# acknowledged (every task is idempotent, so running it again is safe).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Nothing reads task results (jobs record their own progress), and a result store that is
# down must not stall or break the request that queued a task (issue 23: with Redis
# stopped, the result consumer refused to work again until a restart).
CELERY_TASK_IGNORE_RESULT = True
# With the broker down, queueing fails within about two seconds instead of holding a
# gunicorn worker: the request answers and the job says the queue is unavailable.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
# A running job that has not reported progress for this long lost its worker: it is marked
# ``interrupted`` and can be resumed (coord/jobs/leases.py, ``manage.py resume_job``).
COORD_JOB_LEASE_SECONDS = envint("COORD_JOB_LEASE_SECONDS", 300, minimum=30)

# Spreadsheet imports (issue 21, docs/import-export.md "Limits").
COORD_IMPORT_MAX_ROWS = envint("COORD_IMPORT_MAX_ROWS", 20_000, minimum=1)
COORD_IMPORT_MAX_BYTES = envint("COORD_IMPORT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
# An XLSX is a zip: the sum of its members' uncompressed sizes (a zip bomb's tell).
COORD_IMPORT_MAX_UNZIPPED_BYTES = envint(
    "COORD_IMPORT_MAX_UNZIPPED_BYTES", 100 * 1024 * 1024, minimum=1024
)
# How long an uploaded file is kept (sealed) waiting for its commit.
COORD_IMPORT_KEEP_SECONDS = envint("COORD_IMPORT_KEEP_SECONDS", 24 * 3600, minimum=60)
# Every upload (only spreadsheet imports take one) is held in memory, up to the import
# limit, and never written to a temporary file in clear.
FILE_UPLOAD_HANDLERS = ["coord.imports.uploads.BoundedMemoryUploadHandler"]
# Exports of more cases than this run as a job.
COORD_EXPORT_SYNC_MAX = envint("COORD_EXPORT_SYNC_MAX", 2_000, minimum=1)
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_BEAT_SCHEDULE["sharing-expire-grants"] = {  # sharing_policies: expiry and warnings
    "task": "sharing_policies.tasks.expire_and_warn",
    "schedule": timedelta(minutes=envint("COORD_GRANT_EXPIRY_MINUTES", 15, minimum=1)),
}
CELERY_BEAT_SCHEDULE["sharing-prune-notifications"] = {  # read notifications, once a day
    "task": "sharing_policies.tasks.prune_notifications",
    "schedule": timedelta(days=1),
}
CELERY_BEAT_SCHEDULE["jobs-interrupt-expired"] = {  # coord.jobs: leases of lost workers
    "task": "coord.jobs.interrupt_expired",
    "schedule": timedelta(minutes=1),
}
CELERY_BEAT_SCHEDULE["imports-purge"] = {  # coord.imports: sealed uploads past their keep time
    "task": "coord.imports.purge_expired",
    "schedule": timedelta(minutes=15),
}
CELERY_BEAT_SCHEDULE["audit-sequence"] = {  # coord.audit: sequencer sweep and tree heads
    "task": "coord.audit.sequence",
    "schedule": timedelta(minutes=1),
}
CELERY_BEAT_SCHEDULE["followups-notify-overdue"] = {  # coord.followups: overdue, once each
    "task": "coord.followups.notify_overdue",
    "schedule": timedelta(hours=1),
}
CELERY_BEAT_SCHEDULE["audit-checkpoint"] = {  # coord.audit: sign the chain head hourly
    "task": "coord.audit.checkpoint",
    "schedule": timedelta(hours=1),
}

# Throttle counters and other short-lived state: Redis when configured, else per process.
CACHES = {
    "default": {
        # A Redis outage makes the cache miss, not the request fail (coord/lib/cache.py).
        "BACKEND": "coord.lib.cache.TolerantRedisCache",
        "LOCATION": os.environ["COORD_CACHE_URL"],
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    if os.environ.get("COORD_CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# E-mail ("forgot password", opted-in notification mail): printed to the console in
# development; SMTP when EMAIL_HOST is set (docs/operations.md).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD", production=PRODUCTION) or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
# How long an e-mailed "forgot password" link works (Django's default is three days).
PASSWORD_RESET_TIMEOUT = envint("COORD_PASSWORD_RESET_HOURS", 24, minimum=1) * 3600

# Second factor (TOTP) for admins and coordinators: on in production, off in dev by default.
COORD_REQUIRE_2FA = envbool("COORD_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Coordination service"

# Sessions end after 30 idle minutes (every request slides the window).
SESSION_COOKIE_AGE = envint("COORD_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# Counted from sign-in, never renewed, not even by a page keeping itself alive (docs/web.md).
COORD_SESSION_MAX_HOURS = envint("COORD_SESSION_MAX_HOURS", 12, minimum=1)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy: our own files only, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Domain settings.
# Audit: also sign a checkpoint every N events (0 = only the hourly one).
COORD_AUDIT_STH_SECONDS = envint("COORD_AUDIT_STH_SECONDS", 60, minimum=1)  # tree heads
COORD_AUDIT_CHECKPOINT_EVERY = envint("COORD_AUDIT_CHECKPOINT_EVERY", 1000, minimum=0)
# Public keys of retired checkpoint signing keys (base64), so old checkpoints still verify.
COORD_AUDIT_RETIRED_PUBLIC_KEYS = envlist("COORD_AUDIT_RETIRED_PUBLIC_KEYS", [])
COORD_DEMO_PASSWORD = os.environ.get("COORD_DEMO_PASSWORD", "demo-pass-2026")
# Trends: cells under k are suppressed; never below 3 (docs/trends.md).
COORD_TREND_K = envint("COORD_TREND_K", 5, minimum=3)
# Trends publication (docs/trends.md): "dp" (default: discrete Laplace noise, a privacy
# budget per user per month, releases cached) or "suppression" (exact counts with cell
# suppression only: NOT safe across queries; for a closed deployment that accepts that).
COORD_TREND_MODE = os.environ.get("COORD_TREND_MODE", "dp")
if COORD_TREND_MODE not in {"dp", "suppression"}:
    raise ImproperlyConfigured("COORD_TREND_MODE must be dp or suppression")
COORD_TREND_EPSILON = envfloat("COORD_TREND_EPSILON", 1.0, minimum=0.01, maximum=10)
COORD_TREND_BUDGET = envfloat("COORD_TREND_BUDGET", 10.0, minimum=0.01, maximum=1000)
COORD_TREND_RELEASE_HOURS = envint("COORD_TREND_RELEASE_HOURS", 24, minimum=1)
# Countries whose first-level regions every published table covers (with the countries of
# the network's organisations), so a region with no case is published like any other.
COORD_TREND_COUNTRIES = envlist("COORD_TREND_COUNTRIES", ["KH", "LA", "MM", "MY", "TH", "VN"])
# Sharing: longest grant or share, and how many days before its end both sides are warned.
COORD_MAX_GRANT_DAYS = envint("COORD_MAX_GRANT_DAYS", 180, minimum=1)
COORD_GRANT_WARN_DAYS = envint("COORD_GRANT_WARN_DAYS", 7, minimum=0)
# Lists count their rows up to this many, then say "N+" (docs/api.md, Pagination).
COORD_LIST_COUNT_CAP = envint("COORD_LIST_COUNT_CAP", 1000, minimum=1)
# Notifications read more than this many days ago are deleted by beat (unread ones stay).
COORD_NOTIFICATION_KEEP_DAYS = envint("COORD_NOTIFICATION_KEEP_DAYS", 90, minimum=1)
# The site's address as people reach it (``https://coord.example.org``), for the inbox link
# in notification e-mails sent by a worker, which has no request to build it from.
COORD_PUBLIC_URL = os.environ.get("COORD_PUBLIC_URL", "http://localhost:8000")

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
