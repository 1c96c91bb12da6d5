"""One settings module for every deployment, driven by environment variables.

With nothing set, Alianza runs on SQLite in ``var/`` with tasks in the database and email
written to files, so a fresh clone works with no other service.
"""

from __future__ import annotations

import os
import secrets
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """A setting from the environment, or from the file named by ``<NAME>_FILE``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    value = env(name, "1" if default else "0").strip().lower()
    return value in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(env(name, str(default)))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DATA_DIR = Path(env("ALIANZA_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY when given; otherwise make one on first run and keep it in DATA_DIR."""
    given = env("SECRET_KEY")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("SITE_NAME", "Alianza")
HTTPS = SITE_URL.startswith("https://")

# Reverse proxies whose X-Forwarded-For (and X-Forwarded-Proto) we believe: IPs or CIDRs,
# comma-separated. Empty means clients connect directly and only REMOTE_ADDR counts.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")

# Django 6 ships django.tasks; on Django 5.2 the django-tasks backport provides it.
HAS_BUILTIN_TASKS = find_spec("django.tasks") is not None

INSTALLED_APPS = [
    "alianza.core.apps.AdminConfig",  # Django's admin, with the two-factor check
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    *([] if HAS_BUILTIN_TASKS else ["django_tasks"]),
    "django_tasks_db",
    "django_htmx",
    "js_lib_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "alianza.core",
    "alianza.coalition",
    "alianza.outreach",
    "alianza.evidence",
    "alianza.library",
    "alianza.convenings",
    "alianza.policy",
    "alianza.listening",
    "modelsearch",
]
for optional_app in envlist("ALIANZA_EXTRA_APPS"):
    INSTALLED_APPS.append(optional_app)

# Django 6 sends Content-Security-Policy itself; Django 5.2 needs django-csp for it.
HAS_BUILTIN_CSP = find_spec("django.middleware.csp") is not None

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware"
    if HAS_BUILTIN_CSP
    else "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "alianza.core.two_factor.TwoFactorMiddleware",
    # After the user is known: its 400 page is a whole page, with the menu.
    "alianza.core.middleware.RefuseNulMiddleware",
    "alianza.core.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, so that it sees the lockout flag set while the login view authenticated.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "alianza.urls"
WSGI_APPLICATION = "alianza.wsgi.application"

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
                "alianza.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'alianza.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        # A ping before reusing a connection survives database restarts; costs one query.
        conn_health_checks=envbool("DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE avoids
    # "database is locked" on write transactions that start as reads.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # The search index's tsvector columns and GIN indexes are django.contrib.postgres's.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("modelsearch"), "django.contrib.postgres")
    # No JIT compilation: the site's queries are short, and a broad library search (whose
    # plan looks costly) spent 15 ms compiling to run a 20 ms query. PG_OPTIONS adds more.
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = " ".join(
        ["-c jit=off", env("PG_OPTIONS", "")]).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Two caches. "default" keeps read-mostly things (the statement being signed, the site's
# name) close to each process. "shared" holds what every web process must count together —
# rate limits on public forms and logins — in Redis when there is one, otherwise in a table
# of the database (created by core's migrations), never per process.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {"default": _redis, "shared": _redis}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "shared": {"BACKEND": "alianza.core.cache.AtomicDatabaseCache",
                   "LOCATION": "alianza_cache",
                   "OPTIONS": {"MAX_ENTRIES": 50_000}},
    }

# Background tasks: in the database by default (no other service to run), or in Redis through
# RQ for a deployment with several workers (TASKS_BACKEND=rq; `manage.py tasks_worker` runs
# either kind). A full dotted path to another backend works too.
TASKS_BACKEND_ALIASES = {
    "database": "django_tasks_db.DatabaseBackend",
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
_tasks_backend = env("TASKS_BACKEND").strip() or "database"
TASKS_BACKEND = TASKS_BACKEND_ALIASES.get(_tasks_backend, _tasks_backend)
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
# The RQ queues (django-rq): Redis at TASKS_REDIS_URL, else REDIS_URL. A job may run for up to
# TASKS_JOB_TIMEOUT seconds (a statewide evidence file takes minutes), and its outcome is kept
# for a day for `get_result`.
TASKS_REDIS_URL = env("TASKS_REDIS_URL") or REDIS_URL or "redis://127.0.0.1:6379/0"
RQ_QUEUES = {
    "default": {
        "URL": TASKS_REDIS_URL,
        "DEFAULT_TIMEOUT": envint("TASKS_JOB_TIMEOUT", 60 * 60),
        "DEFAULT_RESULT_TTL": 24 * 60 * 60,
    }
}
if TASKS_BACKEND_ALIASES["rq"] == TASKS_BACKEND:
    TASKS["default"]["QUEUES"] = list(RQ_QUEUES)
    INSTALLED_APPS.append("django_rq")  # its `rqworker` command

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out logins before the password check
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "core-login"
LOGIN_REDIRECT_URL = "core-home"
LOGOUT_REDIRECT_URL = "core-home"

# Languages: English source strings, Spanish complete. A third language is one more
# entry here plus its locale files.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LANGUAGE_COOKIE_NAME = "alianza_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", "America/Los_Angeles")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))  # collectstatic writes here
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded files can live on S3-compatible storage (AWS, MinIO, Garage, …) instead of
# MEDIA_ROOT: set MEDIA_S3_BUCKET (and the others as the provider needs; install
# `alianza[s3]`). Files are never served from the bucket directly: every download goes
# through the app, which checks who may have it and sets safe headers.
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env("MEDIA_S3_REGION") or None,
            "access_key": env("MEDIA_S3_ACCESS_KEY") or None,
            "secret_key": env("MEDIA_S3_SECRET_KEY") or None,
            "location": env("MEDIA_S3_PREFIX", "media"),
            "default_acl": None,  # the bucket's own (private) policy
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    # Files that wait for a background task (uploaded contact lists) go to the bucket
    # too, under their own prefix, so a worker on another server can read them.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**STORAGES["default"]["OPTIONS"],
                    "location": env("MEDIA_S3_PRIVATE_PREFIX", "private")},
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# Student files and data uploads: a run or import whose worker has given no sign of life for
# this many seconds is retried (EVIDENCE_MAX_ATTEMPTS in all) and then failed; no uploaded
# student file is kept longer than STUDENT_FILE_MAX_AGE seconds, whatever happens.
EVIDENCE_STALE_AFTER = envint("EVIDENCE_STALE_AFTER", 30 * 60)
EVIDENCE_MAX_ATTEMPTS = envint("EVIDENCE_MAX_ATTEMPTS", 3)
STUDENT_FILE_MAX_AGE = envint("STUDENT_FILE_MAX_AGE", 60 * 60)
# Uploads too large to hold in memory are spooled here rather than in the system's temporary
# folder, so that one left by a web process killed mid-upload is found and deleted by the
# evidence sweep.
FILE_UPLOAD_TEMP_DIR = DATA_DIR / "upload-tmp"
FILE_UPLOAD_TEMP_DIR.mkdir(parents=True, exist_ok=True)
# Uploaded contact files are deleted after this long, whatever state their import is in
# (manage.py contact_imports_sweep, run periodically).
IMPORT_FILE_MAX_AGE_HOURS = envint("IMPORT_FILE_MAX_AGE_HOURS", 7 * 24)

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "sent-email"
EMAIL_HOST = env("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Alianza <no-reply@alianza.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_MAX_ATTEMPTS = envint("EMAIL_MAX_ATTEMPTS", 8)
# Sent and failed emails (with the addresses and names in them) are deleted after this long
# by `manage.py outbox_sweep`.
OUTBOX_MAX_AGE_DAYS = envint("OUTBOX_MAX_AGE_DAYS", 30)
# Webhooks out (docs/webhooks.md): receivers on private, loopback or link-local addresses, and
# plain http, are refused unless this is on (it is with DEBUG, and in the tests).
WEBHOOKS_ALLOW_PRIVATE = envbool("WEBHOOKS_ALLOW_PRIVATE", DEBUG)
WEBHOOKS_MAX_ATTEMPTS = envint("WEBHOOKS_MAX_ATTEMPTS", 6)
# Delivered and failed webhook deliveries (their payloads name people) are deleted after this.
WEBHOOKS_KEEP_DAYS = envint("WEBHOOKS_KEEP_DAYS", 30)
# Full site exports (staff page "Export all data") are deleted after this many days.
SITE_EXPORT_KEEP_DAYS = envint("SITE_EXPORT_KEEP_DAYS", 7)

# Public forms: rate limits per client address (django-ratelimit), off only for load tests.
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", True)
PUBLIC_FORM_RATE = env("PUBLIC_FORM_RATE", "20/m")
# Surveys started per client address: higher, as a partner may hand one tablet around a room.
LISTENING_START_RATE = env("LISTENING_START_RATE", "60/m")
RATELIMIT_VIEW = "alianza.core.views.rate_limited"
RATELIMIT_USE_CACHE = "shared"
LOGIN_RATE = env("LOGIN_RATE", "30/h")  # password attempts per client address, all usernames
RATELIMIT_IP_META_KEY = "alianza.core.client_address.client_address"
CSRF_FAILURE_VIEW = "alianza.core.views.csrf_failure"

# The OSDI API (docs/api.md): requests per token (counted in the "shared" cache; "" for no
# limit), the largest request body, and the largest page a client may ask for.
OSDI_RATE_LIMIT = env("OSDI_RATE_LIMIT", "600/m")
OSDI_MAX_BODY_BYTES = envint("OSDI_MAX_BODY_BYTES", 1024 * 1024)
OSDI_MAX_PER_PAGE = envint("OSDI_MAX_PER_PAGE", 100)

# Login lockout (django-axes): a username from one address is locked after AXES_FAILURE_LIMIT
# wrong passwords, for LOGIN_COOLOFF_MINUTES; every wrong password after a wait doubles the
# next one, up to LOGIN_COOLOFF_MAX_HOURS. Attempts during the wait are refused unchecked and
# do not lengthen it. Staff can unlock people under Admin → Axes.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = envint("LOGIN_COOLOFF_MINUTES", 15)
LOGIN_COOLOFF_MAX_HOURS = envint("LOGIN_COOLOFF_MAX_HOURS", 24)
AXES_COOLOFF_TIME = "alianza.core.lockout.cool_off"
AXES_HANDLER = "alianza.core.lockout.BackoffDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "alianza.core.client_address.client_network"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
# Failed attempts keep what was posted, for staff to review; never a password or a token.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "csrfmiddlewaretoken"]
AXES_VERBOSE = False

# Two-factor authentication (django-otp): anyone with a device verifies after the password;
# superusers must enrol first unless this is off (it is off by default only with DEBUG on,
# so the demo logs in with a password alone).
REQUIRE_2FA_FOR_SUPERUSERS = envbool("REQUIRE_2FA_FOR_SUPERUSERS", not DEBUG)


def _totp_issuer(device) -> str:
    """The name the authenticator app lists the account under: the coalition's."""
    from alianza.core.site import site_name

    return str(site_name())


OTP_TOTP_ISSUER = _totp_issuer

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# With an https SITE_URL: redirect http to https and tell browsers to never use http again.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]  # load balancers probe over plain http
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", HTTPS)
if TRUSTED_PROXIES:
    # Our proxy terminates TLS and must overwrite (not append to) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: scripts and styles only from our own static files, no inline code.
CSP_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}
if HAS_BUILTIN_CSP:
    SECURE_CSP = CSP_POLICY
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": CSP_POLICY}

# Library search: modelsearch's database index (SQLite FTS5 or PostgreSQL full-text search),
# with one text search configuration per language on PostgreSQL (see
# alianza/library/search_backend.py).
MODELSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "alianza.library.search_backend",
        "SEARCH_CONFIG": "alianza_en",
        "LANGUAGE_CONFIGS": {"en": "alianza_en", "es": "alianza_es"},
    }
}

# Logs go to standard error, as plain text or, with LOG_FORMAT=json, one JSON object a line.
LOG_FORMAT = env("LOG_FORMAT", "text").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "alianza.core.log_format.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "formatter": "json" if LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
