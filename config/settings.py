"""Settings for every environment, read from the environment through one django-environ object."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The default key is for development and tests only: `check --deploy` rejects it (security.W009).
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-key-do-not-use")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address of the site, used in emails, calendar feeds and Wagtail's admin links.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    "organisations",
    "contracts",
    "contracts.invoicing",
    "requirements",
    "requirements.fulfilment",
    "benefits",
    "cms",
    "tasks",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_celery_beat",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "organisations.middleware.SessionIdleTimeoutMiddleware",
    "organisations.middleware.DefaultLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "organisations.cache.TenantCacheMiddleware",
    "organisations.middleware.CurrentOrganisationMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "organisations.context_processors.current_organisation",
                "tasks.context_processors.notifications",
            ],
        },
    },
]

# Databases: SQLite under var/ unless DATABASE_URL says otherwise (PostgreSQL in production, CI).
VAR_DIR.joinpath("static").mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file: IMMEDIATE transactions and WAL avoid "database locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared cache (e.g. CACHE_URL=redis://127.0.0.1:6379/1: another database than the broker's)
# lets every web process see a newly published guide at once; each process's own memory is the
# default, where a change reaches other processes within GUIDANCE_CACHE_SECONDS.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://kommune-it")}
GUIDANCE_CACHE_SECONDS = env.int("GUIDANCE_CACHE_SECONDS", default=300)
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_USER_MODEL = "organisations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username from one address after repeated failures, for a while only.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list(
    "AXES_IP_HEADERS", default=["REMOTE_ADDR"]
)  # behind a proxy, list e.g. HTTP_X_FORWARDED_FOR first

# Sessions end after a period without activity.
# With a cache every process shares (Redis, Memcached), sessions are read from it and written
# through to the database: one query less on every page. A process's own memory must not hold
# them: a session ended in one process (sign-out) would live on in the others.
SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache"))
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SHARED_CACHE
    else "django.contrib.sessions.backends.db"
)
# What pages cache of an organisation's data (the dashboard), only with a cache every process
# shares; see organisations.cache.
TENANT_CACHE = env.bool("TENANT_CACHE", default=SHARED_CACHE)
TENANT_CACHE_SECONDS = env.int("TENANT_CACHE_SECONDS", default=300)
# What is deployed (e.g. a git commit or a version): part of every cached entry's key, so a
# deployment's processes never read what the previous code rendered. Without it, a digest of
# the code's files (organisations.cache.release).
RELEASE = env.str("RELEASE", default="")
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = False  # organisations.middleware.SessionIdleTimeoutMiddleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Internationalisation: Danish by default, English selectable.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# The project's catalogue first; then Danish for what Wagtail's own Danish leaves in English.
LOCALE_PATHS = [BASE_DIR / "config" / "locale", BASE_DIR / "config" / "locale_wagtail"]
FORMAT_MODULE_PATH = ["config.locale_formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "config" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Production serves hashed, compressed files made by collectstatic; development and tests don't.
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
# Uploads larger than this are refused before they reach a form.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_MB", default=50) * 1024 * 1024

# Security. With SECURE (the default when DEBUG is off) the site expects HTTPS.
SECURE = env.bool("SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if SECURE:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # __Host- cookies are bound to this host, path / and HTTPS.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Content Security Policy: strict with nonces for the app; relaxed for the Wagtail/Django admins,
# whose scripts and inline styles do not run under a strict policy (see config.middleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CSP_ADMIN_PATH_PREFIXES = ("/cms/", "/django-admin/")
CSP_ADMIN_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "frame-ancestors": [SELF],
}

# Email: console in development, SMTP when EMAIL_URL is set (e.g. smtp+tls://user:pass@host:587).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kommune-IT <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# Celery: Redis when REDIS_URL is set, otherwise a filesystem broker under var/ (no server needed).
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_FILESYSTEM_BROKER_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_BROKER_DIR / "out"),
        "data_folder_out": str(CELERY_FILESYSTEM_BROKER_DIR / "out"),
        "processed_folder": str(CELERY_FILESYSTEM_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_FILESYSTEM_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Beat syncs these rows into django-celery-beat at start (editable in the admin; a beat restart
# resets the schedule of these named entries to the values here, an entry disabled there stays
# disabled). Times are Europe/Copenhagen (CELERY_TIMEZONE).
CELERY_BEAT_SCHEDULE: dict = {
    "notifications: daily scan": {
        "task": "tasks.tasks.daily_scan",
        "schedule": crontab(minute=0, hour=6),
    },
    "notifications: daily digests": {
        "task": "tasks.tasks.send_digests",
        "schedule": crontab(minute=0, hour=7),
    },
    "notifications: send due emails": {
        "task": "tasks.tasks.send_due",
        "schedule": timedelta(minutes=1),
        # A tick queued while no worker ran is dropped instead of piling up: the next one sends.
        "options": {"expire_seconds": 55},
    },
    "guidance: publish and unpublish scheduled pages": {
        "task": "cms.tasks.publish_scheduled",
        "schedule": timedelta(minutes=5),
        "options": {"expire_seconds": 290},
    },
}
DJANGO_CELERY_BEAT_TZ_AWARE = True
# Notifications: lead times in days before the due date, per kind (a negative lead is after the
# due date: -1 is the overdue alert on the day after). Kinds not listed here use their source's
# default; contract term end, final end and warranty end have none, so they do not alert. The
# environment variable (JSON) overrides kind by kind.
NOTIFICATION_LEAD_DAYS = {
    "contract.notice": [180, 90, 30, 7, -1],
    "contract.option_exercise": [90, 30, 7],
    "contract.price_regulation": [30],
    "contract.dpa_inspection": [30],
    "contract.reprocurement_start": [0],
    "contract.milestone": [14, 0],
    **env.json("NOTIFICATION_LEAD_DAYS", default={}),
}
# How many days after its due date an item without an overdue stage may still alert (a missed scan).
NOTIFICATION_CATCH_UP_DAYS = env.int("NOTIFICATION_CATCH_UP_DAYS", default=7)
# Temporary SMTP failures retry after 1, 2, 4 ... minutes (at most 6 hours), then count as failed.
NOTIFICATION_RETRY_SECONDS = env.int("NOTIFICATION_RETRY_SECONDS", default=60)
NOTIFICATION_RETRY_MAX_SECONDS = env.int("NOTIFICATION_RETRY_MAX_SECONDS", default=6 * 3600)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=10)

# Wagtail
WAGTAIL_SITE_NAME = "Kommune-IT"
# Danish stemming on PostgreSQL ("kontrakterne" finds "kontrakt"); after changing it, run
# `manage.py update_index`. SQLite's backend has no stemming and ignores it.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "danish"}
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "csv", "txt", "odt", "ods"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "login"

# django-import-export
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "PREPROCESSING_HOOKS": ["config.api.only_project_endpoints"],
    "TITLE": "Kommune-IT API",
    "DESCRIPTION": "Contracts, deadlines, requirements and benefits of a municipality.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Wagtail's search index updates run as django-tasks, two INFO lines each (hundreds
        # while the demo data loads); a failing task is still logged as an error.
        "django_tasks": {"level": "WARNING"},
    },
}

# Demo data: the password of demo users (defaults to a fixed one only when DEBUG is on).
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")

# Domain settings
CONTRACT_REPROCUREMENT_LEAD_MONTHS = env.int("CONTRACT_REPROCUREMENT_LEAD_MONTHS", default=12)
# An invoice deviates when the invoiced amount exceeds a contract value by more than this (%).
INVOICE_TOLERANCE_PERCENT = env.float("INVOICE_TOLERANCE_PERCENT", default=5.0)
