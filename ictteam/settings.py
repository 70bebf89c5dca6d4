"""Settings for ictteam, read from the environment.

Everything a deployment changes comes from environment variables, so the same code
runs a developer's SQLite database and a production PostgreSQL server.
"""

import os
import warnings
from pathlib import Path

import dj_database_url
from csp.constants import NONE
from csp.constants import SELF
from csp.constants import UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The development key only ever serves DEBUG mode: production refuses to start with it.
DEVELOPMENT_SECRET_KEY = "django-insecure-ictteam-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key while DEBUG is off. "
        "Set the SECRET_KEY environment variable (or DEBUG=1 for development)."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin with a site whose every page is scoped to the user's schools.
    "schools.admin_site.TenantAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    # request.htmx, and the htmx script it ships (nothing is fetched from a CDN).
    "django_htmx",
    # Background jobs (bulk exports, large imports): Django's Tasks API and its backends.
    "django_tasks",
    "django_tasks_db",
    "schools",
    "tasks",
    "teams",
    "guidelines",
    "development",
    "policy",
    "years",
    "sharing",
    # The top floor: what composes the apps above (dashboard, documents, demo, bench).
    "overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in user's saved language overrides the browser's.
    "schools.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Refuses NUL bytes in the address and the form data before any view sees them.
    "schools.middleware.RefuseNulBytesMiddleware",
    "schools.middleware.RefuseOutOfRangeIdsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ictteam.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "schools.context_processors.current_school",
            ],
        },
    },
]

WSGI_APPLICATION = "ictteam.wsgi.application"

# Connections are kept for CONN_MAX_AGE seconds (a minute by default: opening one to
# PostgreSQL costs as much as a light page) and checked before reuse, so a database
# restart costs one retry, not an error page.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a query when its estimated cost is high, which the
    # group-wide joins reach; compiling takes longer than the query itself (tens of
    # milliseconds a query), so the app's queries run without it.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling: AXES_FAILURE_LIMIT failures lock for an hour, counted per address
# across usernames (one address trying one password on many accounts) and per username
# across addresses (many addresses guessing one account's password).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Dutch first: the schools are Flemish. LocaleMiddleware follows the language cookie (set by
# the switcher in the header), then the browser's Accept-Language, and falls back to Dutch
# when that names neither language; a signed-in user's saved choice wins over both
# (schools.language). Each language is named in itself, so a reader finds their own.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Belgian formats in both languages (30/11/2026, 14:05, 2,5 / 2.5): Django's own are
# those of the Netherlands and the United States.
FORMAT_MODULE_PATH = ["ictteam.formats"]
# Off: it would also group every integer a template prints, ids in links included;
# amounts group their thousands explicitly (floatformat's "g").
USE_THOUSAND_SEPARATOR = False
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
if DEBUG:
    # Development serves static files from the finders; no collectstatic output is expected.
    warnings.filterwarnings("ignore", message="No directory at")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "schools.storage.StaticFilesStorage"
        )
    },
}

# Background jobs (README, "Deployment"): bulk document exports and large catalogue
# imports run outside the request, on a worker. JOBS_BACKEND chooses where they wait:
# - "database" (the default): in the database, run by `manage.py db_worker` (make run
#   starts one beside the server); nothing else to install.
# - "redis": in Redis at REDIS_URL, run by `manage.py rqworker --job-class
#   django_tasks_rq.Job default`, for groups whose exports outgrow one machine.
# - "immediate": in the request itself, for tests and one-off scripts.
JOBS_BACKEND = os.environ.get("JOBS_BACKEND", "database")
REDIS_URL = os.environ.get("REDIS_URL", "")
_JOB_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "redis": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
if JOBS_BACKEND not in _JOB_BACKENDS:
    raise ImproperlyConfigured(
        f"JOBS_BACKEND is {JOBS_BACKEND!r}; choose one of {', '.join(_JOB_BACKENDS)}."
    )
if JOBS_BACKEND == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("JOBS_BACKEND is redis but REDIS_URL is not set.")
TASKS = {"default": _JOB_BACKENDS[JOBS_BACKEND]}
if REDIS_URL:
    # With Redis at hand its backend is also there by name, so one deployment can check it
    # (tests/overview/test_jobs_redis.py) whatever the default is.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS["redis"] = _JOB_BACKENDS["redis"]
# A job's result file (a zip of documents) waits this long in the default storage.
JOB_RESULT_MAX_AGE_HOURS = int(os.environ.get("JOB_RESULT_MAX_AGE_HOURS", "24"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# The default storage keeps an uploaded workbook between its preview and its confirmation.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))

# Uploaded workbooks are read in memory; anything bigger is refused before parsing.
TASK_IMPORT_MAX_BYTES = int(os.environ.get("TASK_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ictteam@localhost")

# Password reset links (the only way to a new password but a superuser's) stay valid
# for a day.
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
    # HTTPS only: plain HTTP is redirected. Behind a TLS-terminating proxy, trust its
    # X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER) or the redirect never ends.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # HSTS is off until a deployment turns it on: once sent, browsers refuse plain HTTP
    # for that long, so set it when HTTPS works (31536000, a year, for check --deploy).
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if os.environ.get("SECURE_PROXY_SSL_HEADER"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy on every response: scripts, styles, fonts and images from this
# site only (no inline script anywhere), nothing framed, forms posted here only. Two
# narrow allowances for styles: inline style *attributes* (style-src-attr), as the
# progress bars' widths are data; and the one <style> element of the wizard's flowchart
# picture (guidelines/svg.py STYLE), by its hash: tests/test_security.py fails when the
# picture's style changes without this hash. Any other <style> element stays refused.
FLOWCHART_STYLE_HASH = "'sha256-F2aM5cJ0IZyE0hAWe8oZb5SoJl+Ez4F1K6bThi43/eE='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF, FLOWCHART_STYLE_HASH],
        "style-src-attr": [UNSAFE_INLINE],
        # Bootstrap draws its form controls' icons from data: URIs.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
