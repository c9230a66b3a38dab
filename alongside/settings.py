"""The one settings module. Every value comes from the environment, with a safe local default.

Environment:
  ALONGSIDE_ENV          development (default) | production | test
  ALONGSIDE_DEBUG        1 to turn DEBUG on (never in production)
  ALONGSIDE_DATA_DIR     where SQLite, generated secrets and exports live (default ./data);
                         created 0700 with 0600 files, and tightened to that at start-up
  ALONGSIDE_SECRET_KEY   Django secret key (generated once into the data folder outside production)
  ALONGSIDE_FIELD_KEYS   comma-separated Fernet keys for field encryption, newest first
  ALONGSIDE_ALLOWED_HOSTS comma-separated host names (production)
  DATABASE_URL           PostgreSQL (postgres://user@host:port/name) or SQLite (sqlite:///path); SQLite in WAL mode when unset
  REDIS_URL              Redis for cache and channel layer; in-memory when unset (production
                         with more than one worker process refuses to start without it)
  ALONGSIDE_WORKERS      how many server processes share this machine; `alongside serve
                         --workers N` sets it for its workers
  ALONGSIDE_REDIS_MAX_CONNECTIONS  channel-layer connections to Redis per process (2000)
  ALONGSIDE_VAPID_PRIVATE_KEY  web-push signing key (PEM, P-256; generated into the data folder
                         outside production; web push is off in production without it)
  ALONGSIDE_DELIVERY_LEASE_SECONDS  how long a worker holds a claimed e-mail or push before
                         another may retry it (default 60)
  ALONGSIDE_PUSH_CONCURRENCY  pushes one worker sends at once (default 8)
  ALONGSIDE_SITE_URL     the site's address for links in e-mails (https://<first allowed host>)
  ALONGSIDE_EMAIL_URL    smtp://user:password@host:port (required in production); outside production
                         without it, e-mail is kept in the data folder and shown at /dev/outbox/
  ALONGSIDE_TRUSTED_PROXY_HEADER     a header our proxy sets to the client's address (X-Real-IP)
  ALONGSIDE_TRUSTED_PROXY_COUNT      or: how many proxies of ours append to X-Forwarded-For
  ALONGSIDE_MAX_UPLOAD_MB            largest file upload (a request body), default 21
  ALONGSIDE_REQUEST_BODY_SECONDS     time a request body has to arrive in full, default 60
  ALONGSIDE_VIDEO_ENGINE  live rooms' video: "" (text meetings), "jitsi" or "livekit"
  ALONGSIDE_JITSI_DOMAIN, ALONGSIDE_JITSI_APP_ID, ALONGSIDE_JITSI_SECRET, ALONGSIDE_JITSI_AUDIENCE
                         the operator's Jitsi Meet (docs/deploy.md)
  ALONGSIDE_LIVEKIT_URL, ALONGSIDE_LIVEKIT_MEET_URL, ALONGSIDE_LIVEKIT_API_KEY,
  ALONGSIDE_LIVEKIT_API_SECRET  the operator's LiveKit server and its web client
  ALONGSIDE_ROOMS_OPEN_MINUTES_BEFORE / _CLOSE_MINUTES_AFTER  a live room's window (15 / 15)
  ALONGSIDE_ROOMS_ATTENDANCE_SHARE   share of a meeting present in its room to record attendance (0.5)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from alongside.lib.datadir import prepare_data_dir, prepare_sqlite_database
from alongside.lib.secrets import ensure_fernet_keys, ensure_secret_key, ensure_vapid_key

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ.get("ALONGSIDE_ENV", "development")
if ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"ALONGSIDE_ENV is {ENV!r}; set it to development, production or test."
    )
PRODUCTION = ENV == "production"
DEBUG = os.environ.get("ALONGSIDE_DEBUG", "") == "1" and not PRODUCTION

DATA_DIR = Path(os.environ.get("ALONGSIDE_DATA_DIR", BASE_DIR / "data")).resolve()
prepare_data_dir(DATA_DIR)  # 0700, tightened if it exists with looser modes


def _require(name: str, how: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} is not set. {how}")
    return value


if PRODUCTION:
    SECRET_KEY = _require(
        "ALONGSIDE_SECRET_KEY",
        "Production needs a secret key of at least 50 random characters, e.g. "
        "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`.",
    )
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "ALONGSIDE_SECRET_KEY is shorter than 50 characters; generate a longer one."
        )
    FIELD_ENCRYPTION_KEYS = [
        k.strip()
        for k in _require(
            "ALONGSIDE_FIELD_KEYS",
            "Production needs at least one Fernet key for encrypted fields, e.g. "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`.",
        ).split(",")
        if k.strip()
    ]
    ALLOWED_HOSTS = [
        h.strip()
        for h in _require(
            "ALONGSIDE_ALLOWED_HOSTS", "List the host names the app answers to, comma-separated."
        ).split(",")
    ]
else:
    SECRET_KEY = os.environ.get("ALONGSIDE_SECRET_KEY") or ensure_secret_key(DATA_DIR)
    FIELD_ENCRYPTION_KEYS = [
        k.strip() for k in os.environ.get("ALONGSIDE_FIELD_KEYS", "").split(",") if k.strip()
    ] or ensure_fernet_keys(DATA_DIR)
    ALLOWED_HOSTS = [
        h.strip()
        for h in os.environ.get("ALONGSIDE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
            ","
        )
    ]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "template_partials",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "alongside.accounts",
    "alongside.privacy",
    "alongside.journey",
    "alongside.meetings",
    "alongside.assessments",
    "alongside.resources",
    "alongside.notifications",
    "alongside.messaging",
    "alongside.support",
    "alongside.peers",
    "alongside.caseload",
    "alongside.training",
    "alongside.outcomes",
    "alongside.matching",
    "alongside.counseling",
    "alongside.housing",
    "alongside.family",
    "alongside.rooms",
    "alongside.community",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "alongside.lib.headers.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "alongside.accounts.sensitive.SensitiveActionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "alongside.accounts.middleware.UserTimezoneMiddleware",
    "alongside.privacy.security.RequestOriginMiddleware",
    "alongside.lib.headers.PrivateResponseMiddleware",
    "alongside.api.MethodNotAllowedMiddleware",
    # Last, so its pages know the person and their language; nothing before it reads the body.
    "alongside.lib.request_body.RefusedBodyMiddleware",
]

ROOT_URLCONF = "alongside.urls"
WSGI_APPLICATION = "alongside.wsgi.application"
ASGI_APPLICATION = "alongside.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "alongside" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "alongside.accounts.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite in WAL mode by default; PostgreSQL when DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    # One small pool per server process (psycopg-pool), shared by its HTTP threads, workers'
    # tasks and WebSocket consumers, instead of a persistent connection per thread.
    DATABASES: dict[str, Any] = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    # The pool is PostgreSQL's alone: Django's SQLite backend refuses the option.
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("ALONGSIDE_DB_POOL_SIZE", "10")),
            "timeout": 10,
        }
else:
    prepare_sqlite_database(DATA_DIR / "alongside.sqlite3")  # 0600, and so its -wal and -shm
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "alongside.sqlite3",
            "OPTIONS": {
                # WAL lets readers and one writer work at once; IMMEDIATE avoids the
                # "database is locked" upgrade race when two requests write. secure_delete
                # overwrites deleted content, so erased records do not linger in free pages.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": DATA_DIR / "test.sqlite3"},
            # HTTP runs in a fixed thread pool (asgi.py), so each thread keeps one connection.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# Server processes on this machine: `alongside serve --workers N` sets it for its workers.
WORKERS = int(os.environ.get("ALONGSIDE_WORKERS", "1"))
if PRODUCTION and WORKERS > 1 and not REDIS_URL:
    # Each process would keep its own rate limits and its own memory of used two-step codes,
    # so a limit or a used code would only count in the process that saw it.
    raise ImproperlyConfigured(
        f"REDIS_URL is not set, and {WORKERS} worker processes are to serve. They must share "
        "rate limits, used two-step codes and WebSocket messages: set REDIS_URL (e.g. "
        "redis://cache.internal:6379/0), or serve with --workers 1."
    )
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CHANNEL_LAYERS: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # Each consumer waits for messages with a blocking pop of 5 s; redis-py 8's default
            # 5 s socket timeout cuts that wait off and ends every idle WebSocket
            # (django/channels_redis#422), so reads may take longer than the pop. redis-py 8's
            # asyncio pool also refuses a 101st connection at once ("Too many connections")
            # instead of waiting, and every socket that opens or closes takes one for a moment:
            # a burst of a few hundred pages opening together would fail without more room.
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": 15,
                        "max_connections": int(
                            os.environ.get("ALONGSIDE_REDIS_MAX_CONNECTIONS", "2000")
                        ),
                    }
                ]
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Pages' member-data fragments, keyed by the member's data version (alongside/lib/member_cache.py).
# Always in this process's memory: decrypted personal data never goes to a shared cache, and a
# key read from the database cannot be stale on any server.
CACHES["member"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "alongside-member",
    "TIMEOUT": 60 * 60 * 24,
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("ALONGSIDE_MEMBER_CACHE_ENTRIES", "5000"))},
}
if ENV == "test":
    # Parallel test processes may share one Redis; each keeps to its own keys and groups.
    _worker = "test-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    CACHES["default"]["KEY_PREFIX"] = _worker
    if REDIS_URL:
        CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = _worker

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Sessions live in the database; with a shared cache (Redis) they are read through it too, so a
# signed-in request usually skips the session query. A cache in each process's memory could not
# see a session another process ended, so without Redis the database alone answers.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if ENV == "test":
    # Hashing is the slowest part of a test that logs in; strength is not under test here.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"

# django-allauth: email login, mandatory verification, rate limits, MFA (TOTP + recovery codes).
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "alongside.accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
# Sign-in limits count per account ("key": the address typed) and per client address ("ip":
# ALONGSIDE_TRUSTED_PROXY_* below). allauth applies a rule's rates in order and stops at the
# first refusal, so the account's rate comes first: attempts on an account already locked use up
# nothing of the address's allowance. The address's allowance is many times an account's, so
# people behind one address (a treatment centre, a shelter's Wi-Fi) do not lock each other out
# when one of them, or someone guessing at one account, keeps failing.
ACCOUNT_RATE_LIMITS = {
    "login": "120/m/ip",
    "login_failed": "5/5m/key,60/5m/ip",
    "signup": "20/m/ip",
    "reset_password": "5/m/key,20/m/ip",
    "reauthenticate": "10/m/user",
    "confirm_email": "1/3m/key",
    # Sensitive actions of our own (privacy): grants, exports and erasure.
    "privacy_change": "30/m/user",
    "privacy_export": "5/h/user",
    "privacy_erase": "5/h/user",
    # Downloads of a ready export, API tokens minted, organization roles changed.
    "privacy_download": "20/h/user",
    "token_mint": "10/h/user",
    "role_change": "30/h/user",
}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# The client address for those limits (alongside/lib/client_ip.py): the connection's peer, unless
# the app runs behind proxies of its own. Then name either the header the proxy sets to the
# address it saw (nginx X-Real-IP, Cloudflare CF-Connecting-IP), or how many proxies append to
# X-Forwarded-For. Never set these when clients can reach the app directly: they could then
# claim any address.
TRUSTED_PROXY_HEADER = os.environ.get("ALONGSIDE_TRUSTED_PROXY_HEADER", "").strip()
TRUSTED_PROXY_COUNT = int(os.environ.get("ALONGSIDE_TRUSTED_PROXY_COUNT", "0"))

# The security log: this many refused lookups by one person within this many minutes alert the
# admins of that person's organizations (once per window).
SECURITY_ALERT_REFUSALS = int(os.environ.get("ALONGSIDE_SECURITY_ALERT_REFUSALS", "10"))
SECURITY_ALERT_WINDOW_MINUTES = int(os.environ.get("ALONGSIDE_SECURITY_ALERT_WINDOW_MINUTES", "5"))
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Alongside] "
ACCOUNT_ADAPTER = "alongside.accounts.adapter.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Alongside"
MFA_ADAPTER = "alongside.accounts.mfa_adapter.MFAAdapter"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True

# Secure headers everywhere; transport security in production (behind a TLS proxy).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("ALONGSIDE_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("ALONGSIDE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("ALONGSIDE_HSTS_PRELOAD", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content-Security-Policy: no inline scripts, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Live rooms (alongside/rooms): when they open and close around a meeting, chat limits, the
# share of the meeting someone must be present for attendance, and the video engine.
ROOMS_OPEN_MINUTES_BEFORE = int(os.environ.get("ALONGSIDE_ROOMS_OPEN_MINUTES_BEFORE", "15"))
ROOMS_CLOSE_MINUTES_AFTER = int(os.environ.get("ALONGSIDE_ROOMS_CLOSE_MINUTES_AFTER", "15"))
ROOMS_ATTENDANCE_SHARE = float(os.environ.get("ALONGSIDE_ROOMS_ATTENDANCE_SHARE", "0.5"))
ROOMS_CHAT_MAX_LENGTH = 500
ROOMS_CHAT_RATE = 5  # messages per person …
ROOMS_CHAT_RATE_SECONDS = 10  # … in this many seconds
ALONGSIDE_VIDEO_ENGINE = os.environ.get("ALONGSIDE_VIDEO_ENGINE", "").strip().lower()
if ALONGSIDE_VIDEO_ENGINE not in {"", "jitsi", "livekit"}:
    raise ImproperlyConfigured(
        f"ALONGSIDE_VIDEO_ENGINE is {ALONGSIDE_VIDEO_ENGINE!r}; set it to jitsi, livekit or leave it empty."
    )
ALONGSIDE_VIDEO_TOKEN_SECONDS = int(os.environ.get("ALONGSIDE_VIDEO_TOKEN_SECONDS", "300"))
ALONGSIDE_JITSI_DOMAIN = os.environ.get("ALONGSIDE_JITSI_DOMAIN", "").strip()
ALONGSIDE_JITSI_APP_ID = os.environ.get("ALONGSIDE_JITSI_APP_ID", "alongside").strip()
ALONGSIDE_JITSI_SECRET = os.environ.get("ALONGSIDE_JITSI_SECRET", "")
ALONGSIDE_JITSI_AUDIENCE = os.environ.get("ALONGSIDE_JITSI_AUDIENCE", "jitsi").strip()
ALONGSIDE_LIVEKIT_URL = os.environ.get("ALONGSIDE_LIVEKIT_URL", "").strip()
ALONGSIDE_LIVEKIT_MEET_URL = os.environ.get("ALONGSIDE_LIVEKIT_MEET_URL", "").strip()
ALONGSIDE_LIVEKIT_API_KEY = os.environ.get("ALONGSIDE_LIVEKIT_API_KEY", "").strip()
ALONGSIDE_LIVEKIT_API_SECRET = os.environ.get("ALONGSIDE_LIVEKIT_API_SECRET", "")
_video_needs = {
    "jitsi": ["ALONGSIDE_JITSI_DOMAIN", "ALONGSIDE_JITSI_SECRET"],
    "livekit": [
        "ALONGSIDE_LIVEKIT_URL",
        "ALONGSIDE_LIVEKIT_MEET_URL",
        "ALONGSIDE_LIVEKIT_API_KEY",
        "ALONGSIDE_LIVEKIT_API_SECRET",
    ],
}.get(ALONGSIDE_VIDEO_ENGINE, [])
for _name in _video_needs:
    if not globals()[_name]:
        raise ImproperlyConfigured(
            f"ALONGSIDE_VIDEO_ENGINE is {ALONGSIDE_VIDEO_ENGINE}: set {_name} too (docs/deploy.md)."
        )

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "alongside" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "alongside" / "static"]
# Outside production the app serves static files straight from the source tree (no
# collectstatic step for a newcomer); production serves the hashed, compressed build.
WHITENOISE_USE_FINDERS = not PRODUCTION
# Tests look each file up when asked for it, as development does: otherwise every test client
# (thousands in the suite) loads the middleware again and first lists every static file.
WHITENOISE_AUTOREFRESH = DEBUG or ENV == "test"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"

# Request bodies are read whole in the event loop before a thread takes the request
# (alongside/lib/request_body.py): a form or JSON body up to Django's limit, a file upload up
# to ALONGSIDE_MAX_UPLOAD_MB (a meeting feed of up to 20 MB with its form around it), each
# within ALONGSIDE_REQUEST_BODY_SECONDS. Larger bodies get 413, slower ones 408.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB
MAX_UPLOAD_SIZE = int(os.environ.get("ALONGSIDE_MAX_UPLOAD_MB", "21")) * 1024 * 1024
REQUEST_BODY_TIMEOUT = float(os.environ.get("ALONGSIDE_REQUEST_BODY_SECONDS", "60"))

EMAIL_URL = os.environ.get("ALONGSIDE_EMAIL_URL", "").strip()
if PRODUCTION and not EMAIL_URL:
    # Without a mail server, e-mail would go to the console: password-reset links in the logs.
    EMAIL_URL = _require(
        "ALONGSIDE_EMAIL_URL",
        "Production sends e-mail (sign-up confirmations, password resets) through a mail server: "
        "set it to smtp://user:password@smtp.example.org:587.",
    )
if EMAIL_URL:
    from urllib.parse import unquote, urlparse

    _email = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 587
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = True
elif ENV == "test":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    # Development and the demo: e-mail is kept in the data folder and listed at /dev/outbox/, so
    # a visitor can confirm an address without a mail server (alongside/accounts/outbox.py).
    EMAIL_BACKEND = "alongside.accounts.outbox.OutboxBackend"
# The outbox page exists only in development without a mail server; production never has it.
DEV_OUTBOX = ENV == "development" and not PRODUCTION and not EMAIL_URL
EMAIL_FILE_PATH = DATA_DIR / "outbox"
DEFAULT_FROM_EMAIL = os.environ.get("ALONGSIDE_FROM_EMAIL", "Alongside <no-reply@localhost>")

# Web push (VAPID, RFC 8292). Changing the key ends every device's subscription, so it is kept in
# the environment (production) or generated once into the data folder (elsewhere).
VAPID_PRIVATE_KEY = os.environ.get("ALONGSIDE_VAPID_PRIVATE_KEY", "").strip().replace("\\n", "\n")
if not VAPID_PRIVATE_KEY and not PRODUCTION:
    VAPID_PRIVATE_KEY = ensure_vapid_key(DATA_DIR)
VAPID_SUBJECT = os.environ.get(
    "ALONGSIDE_VAPID_SUBJECT", "mailto:" + DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">")
)
# Links in e-mails and push messages, which leave the request that could tell the site's address.
SITE_URL = os.environ.get(
    "ALONGSIDE_SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://localhost:8000",
).rstrip("/")
# A worker that claimed an e-mail or a push and died is noticed when its lease runs out; another
# worker then sends it (notifications/delivery.py).
DELIVERY_LEASE_SECONDS = float(os.environ.get("ALONGSIDE_DELIVERY_LEASE_SECONDS", "60"))
# Pushes a worker has in flight at once (each waits on a push service across the internet).
PUSH_CONCURRENCY = int(os.environ.get("ALONGSIDE_PUSH_CONCURRENCY", "8"))

NINJA_PAGINATION_PER_PAGE = 50

# Counseling records kept after a member's erasure (42 CFR Part 2 programs follow state law;
# six years matches HIPAA's documentation period). See docs/privacy.md, "Retention".
COUNSELING_RETENTION_YEARS = int(os.environ.get("ALONGSIDE_COUNSELING_RETENTION_YEARS", "6"))

# SOS: minutes without an answer before the next person in a member's circle is alerted (each
# member may choose their own), and how often an open SOS page checks for news without
# WebSockets.
SOS_ESCALATE_AFTER_MINUTES = int(os.environ.get("ALONGSIDE_SOS_ESCALATE_AFTER_MINUTES", "5"))
SOS_PAGE_REFRESH_SECONDS = int(os.environ.get("ALONGSIDE_SOS_PAGE_REFRESH_SECONDS", "5"))

# A safety alert (PHQ-9 item 9) nobody on the care team acknowledges within this many minutes is
# escalated once to whoever is on call at the member's organizations (assessments.services).
ALERT_ESCALATE_MINUTES = int(os.environ.get("ALONGSIDE_ALERT_ESCALATE_MINUTES", "30"))

# Meeting feed imports from an address (run by the task worker): one deadline for the whole
# fetch, and the networks that may be reached although they are not public. Empty by default:
# loopback, private, link-local and reserved addresses are refused (docs/deploy.md).
MEETING_IMPORT_DEADLINE_SECONDS = float(os.environ.get("ALONGSIDE_IMPORT_DEADLINE_SECONDS", "20"))
MEETING_IMPORT_ALLOWED_NETWORKS = [
    n.strip()
    for n in os.environ.get("ALONGSIDE_IMPORT_ALLOWED_NETWORKS", "").split(",")
    if n.strip()
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ALONGSIDE_LOG_LEVEL", "WARNING")},
}
