"""The one settings module. Everything comes from environment variables (see README.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from safeguarding.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent
# The repository root when run from a checkout; var/ holds the SQLite databases.
PROJECT_ROOT = BASE_DIR.parent.parent
VAR_DIR = Path(envstr("SAFEGUARDING_VAR_DIR", str(PROJECT_ROOT / "var")))

DEBUG = envbool("DJANGO_DEBUG", False)

SECRET_KEY = envstr("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false (production). "
            "For development or the demo, set DJANGO_DEBUG=true."
        )
    SECRET_KEY = "development-only-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is false (production).")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "safeguarding.audit",
    "safeguarding.agencies",
    "safeguarding.records",
    "safeguarding.people",
    "safeguarding.signals",
    "safeguarding.marac",
    "safeguarding.reviews",
    "safeguarding.generator",
    "safeguarding.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safeguarding.agencies.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "safeguarding.agencies.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safeguarding.urls"
WSGI_APPLICATION = "safeguarding.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'safeguarding.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(envstr("DATABASE_URL") or DEFAULT_DATABASE_URL, conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the web application read while an import writes; the timeout rides out short locks.
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 30, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Production serves collected, fingerprinted files; development, the demo and the tests serve
# straight from the apps' static folders (no collectstatic step).
STATIC_MANIFEST = envbool("SAFEGUARDING_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG

# Sessions end after 30 minutes idle: a shared office screen must not stay signed in.
SESSION_COOKIE_AGE = envint("SAFEGUARDING_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
if not DEBUG:
    # The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and path=/.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict Content Security Policy (django-csp 4): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the application never uses (sent by SecurityHeadersMiddleware).
SAFEGUARDING_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), interest-cohort=()"
)
# Break-glass access to one person's records lasts this long, then needs a new reason.
SAFEGUARDING_BREAK_GLASS_MINUTES = envint("SAFEGUARDING_BREAK_GLASS_MINUTES", 240)
OTP_TOTP_ISSUER = "Safeguarding"
if envbool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Lock an account out after repeated failures (django-axes).
AXES_FAILURE_LIMIT = envint("SAFEGUARDING_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
# A user name and address together, and the address alone once it has tried many names
# (safeguarding.agencies.lockout; docs/security.md says why).
AXES_LOCKOUT_PARAMETERS = "safeguarding.agencies.lockout.lockout_parameters"
SAFEGUARDING_LOGIN_SPRAY_NAMES = envint("SAFEGUARDING_LOGIN_SPRAY_NAMES", 10)
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "agencies/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Agencies' systems use their own import-only token (records.ApiToken) on the records API alone.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "safeguarding.agencies.authentication.PractitionerTokenAuthentication",
        "safeguarding.agencies.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": envstr("SAFEGUARDING_API_RATE", "600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safeguarding API",
    "DESCRIPTION": "For agencies' systems: send records in the chronology format, read link explanations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The API documentation's assets are served from here: the CSP allows no other origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

EMAIL_BACKEND = envstr("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envstr("DJANGO_DEFAULT_FROM_EMAIL", "safeguarding@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": envstr("SAFEGUARDING_LOG_LEVEL", "WARNING")},
}

# Record linkage: match probabilities at or above LINK_THRESHOLD join a person; between
# REVIEW_THRESHOLD and LINK_THRESHOLD a link goes to the clerical-review queue.
SAFEGUARDING_LINK_THRESHOLD = float(envstr("SAFEGUARDING_LINK_THRESHOLD", "0.95"))
SAFEGUARDING_REVIEW_THRESHOLD = float(envstr("SAFEGUARDING_REVIEW_THRESHOLD", "0.5"))
# A trained linkage model JSON to use instead of the shipped default (docs/linkage.md).
SAFEGUARDING_LINK_MODEL = envstr("SAFEGUARDING_LINK_MODEL", "")

# Records import: the largest file one import takes (bigger files are refused unread); worker
# processes that check large JSON Lines files (-1: one per CPU but one, at most 4; 0: none); the
# most records one API request may carry.
SAFEGUARDING_IMPORT_MAX_BYTES = envint("SAFEGUARDING_IMPORT_MAX_BYTES", 1024**3)
SAFEGUARDING_IMPORT_WORKERS = envint("SAFEGUARDING_IMPORT_WORKERS", -1)
SAFEGUARDING_API_MAX_RECORDS = envint("SAFEGUARDING_API_MAX_RECORDS", 10_000)
