"""Settings for the glossary project, read from the environment (see README)."""

import ipaddress
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Return the environment variable `name` read as a yes/no flag."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Return the comma-separated environment variable `name` as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "You must set DJANGO_SECRET_KEY in deployed environments "
            "(or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "terms.apps.GlossaryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "ninja",  # its docs page then serves Swagger UI from its bundled static files
    "taggit",
    "reversion",
    "reversion_compare",
    "import_export",
    "adminsortable2",
    "terms",
]

MIDDLEWARE = [
    "terms.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the host or the query; its refusals get the headers (terms.errors).
    "terms.request_guard.BadBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so it counts searches served from the cache too.
    "terms.missing.MissingSearchMiddleware",
    "terms.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside the page cache, so a page is cleaned once, when it is rendered.
    "terms.clean_output.CleanOutputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes last: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "glossary.urls"
WSGI_APPLICATION = "glossary.wsgi.application"

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
                "terms.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The psycopg pool replaces persistent connections; Django requires CONN_MAX_AGE=0 with it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = True
    # How close a misspelt name must be to be found by search (terms.search); pg_trgm's default
    # of 0.6 misses typos like "machne lerning". The strict threshold, looser, picks the
    # candidates for "Did you mean" when search finds nothing ("pmorpt enigneering").
    DATABASES["default"]["OPTIONS"].setdefault(
        "options",
        "-c pg_trgm.word_similarity_threshold=0.45 -c pg_trgm.strict_word_similarity_threshold=0.3",
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Redis when REDIS_URL is set, so that several app servers share one cache; else this process.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds a Redis connect or reply may take: a hung Redis then costs a page this long, once a
# second per worker (terms.shared_cache), instead of holding the worker.
GLOSSARY_REDIS_TIMEOUT = float(os.environ.get("GLOSSARY_REDIS_TIMEOUT", "0.25"))


def redis_cache(location: str) -> dict:
    """Return the settings of a Redis cache at `location`, with short socket timeouts."""
    timeout = GLOSSARY_REDIS_TIMEOUT
    return {
        "BACKEND": "glossary.redis_cache.RedisCache",
        "LOCATION": location,
        "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
    }


CACHES = {
    "default": (
        redis_cache(REDIS_URL)
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    )
}

# Public pages are cached whole until content changes (terms.cache); browsers and CDNs may
# reuse them for GLOSSARY_HTTP_MAX_AGE seconds, then revalidate with ETag / Last-Modified.
GLOSSARY_PAGE_CACHE = env_bool("GLOSSARY_PAGE_CACHE", default=True)
GLOSSARY_PAGE_CACHE_SECONDS = int(os.environ.get("GLOSSARY_PAGE_CACHE_SECONDS", 24 * 60 * 60))
# Search results are as many as the queries people type, so they are kept for minutes only.
GLOSSARY_SEARCH_CACHE_SECONDS = int(os.environ.get("GLOSSARY_SEARCH_CACHE_SECONDS", 5 * 60))
GLOSSARY_HTTP_MAX_AGE = int(os.environ.get("GLOSSARY_HTTP_MAX_AGE", 300))
# Each process also keeps up to this many megabytes of pages in memory, in front of the cache.
GLOSSARY_PAGE_MEMORY_MB = int(os.environ.get("GLOSSARY_PAGE_MEMORY_MB", 16))
# How a process learns that the content version moved on (terms.version_watch): "poll" reads
# it from the shared cache on every public request; "subscribe" (Redis only) listens for
# announcements and rereads at least once a second.
GLOSSARY_VERSION_WATCH = os.environ.get("GLOSSARY_VERSION_WATCH", "poll").strip().lower()
if GLOSSARY_VERSION_WATCH not in {"poll", "subscribe"}:
    raise ImproperlyConfigured("GLOSSARY_VERSION_WATCH must be poll or subscribe.")
if GLOSSARY_VERSION_WATCH == "subscribe" and not REDIS_URL:
    raise ImproperlyConfigured("GLOSSARY_VERSION_WATCH=subscribe needs REDIS_URL.")

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Bulk import of terms (terms.imports): whoever may change terms may import them (Editors and
# Publishers; the resource keeps Editors to drafts), whoever may view them may export.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Logs go to stdout: one line per request from terms.request_log, errors with their traceback.
# Django's own "Not Found" warnings would repeat the request line, so only its errors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
        },
    },
    # Warnings and errors only by default: commands such as `dumpdata` print their output on
    # stdout too, and must not get libraries' start-up notices mixed into it.
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "terms.request_log": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
        # runserver's own line for each request would repeat terms.request_log's.
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}

TAGGIT_CASE_INSENSITIVE = True

GLOSSARY_SITE_NAME = os.environ.get("GLOSSARY_SITE_NAME", "Sitebard AI Glossary")

# The origin of every absolute URL (canonical, Open Graph, JSON-LD, sitemap, feed, robots.txt),
# e.g. https://glossary.example.com; unset, each request's own scheme and Host.
GLOSSARY_SITE_URL = os.environ.get("GLOSSARY_SITE_URL", "").strip().rstrip("/")
if GLOSSARY_SITE_URL and not re.fullmatch(r"https?://[^/?#\s]+", GLOSSARY_SITE_URL):
    raise ImproperlyConfigured(
        "GLOSSARY_SITE_URL must be an origin such as https://glossary.example.com "
        f"(a scheme and a host, no path), not {GLOSSARY_SITE_URL!r}."
    )

# The admin lives at a path chosen per deployment (default /admin/), so it is harder to find.
GLOSSARY_ADMIN_PATH = os.environ.get("GLOSSARY_ADMIN_PATH", "admin").strip("/") + "/"

# Login throttling (django-axes): five failed attempts for a username from one client address
# lock that pair for an hour, so a guesser elsewhere cannot lock an editor out.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
# Behind a proxy every request comes from the proxy: the client's address is the last one in
# its X-Forwarded-For, believed only from these proxies (addresses or networks, e.g. 10.0.0.0/8).
GLOSSARY_TRUSTED_PROXIES = env_list("GLOSSARY_TRUSTED_PROXIES")
for proxy in GLOSSARY_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"GLOSSARY_TRUSTED_PROXIES: {error}") from error
AXES_CLIENT_IP_CALLABLE = "terms.login_throttle.client_ip_address"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]
AXES_IPWARE_PROXY_COUNT = 0  # the trusted proxy appends the address it saw, so take the last
# Across addresses: after this many failures for a username within the hour, each next try for
# it waits this many seconds after the last failure (terms.login_throttle), never a lockout.
GLOSSARY_LOGIN_USERNAME_LIMIT = 10
GLOSSARY_LOGIN_USERNAME_DELAY = 60
AXES_LOCKOUT_TEMPLATE = "lockout.html"

# Security headers. No inline script or style anywhere, the admin included.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Origins allowed to POST (the admin) when they differ from the host, e.g. https://example.com.
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
if not DEBUG:
    # Production is served over HTTPS behind a proxy that sets this header ("off" when nothing
    # in front strips a client's own copy of it, as trusting it then would be unsafe).
    proxy_header = os.environ.get("DJANGO_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
    if proxy_header.lower() not in {"", "off"}:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_header.upper().replace("-", "_"), "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
