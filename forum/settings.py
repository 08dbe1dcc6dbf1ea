"""Settings for the forum: one module, configured by environment variables.

Every variable has a safe default so a fresh clone runs with no configuration;
a value that cannot be parsed stops start-up with a one-line message naming it.
"""

import os
import secrets
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no or on/off")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key() -> str:
    """The key from DJANGO_SECRET_KEY, else one made once and kept in an ignored local file."""
    key = env_str("DJANGO_SECRET_KEY")
    if key:
        return key
    key_file = BASE_DIR / ".secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.write_text(key + "\n")
    key_file.chmod(0o600)
    return key


def database(url: str, name: str = "DATABASE_URL") -> dict:
    try:
        config = dj_database_url.parse(url)
    except Exception as error:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(f"{name}={url!r} cannot be parsed: {error}") from None
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue for
        # `timeout` seconds instead of failing with "database is locked". A page cache of 16 MB, not
        # SQLite's 2 MB: a thousand comments' rows alone fill 2 MB, and a page's own reads evicted each other.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-16000;",
        }
        # A file, not memory, so tests see real locking between threads; one per process.
        config["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"forum-test-{os.getpid()}.sqlite3")}
    elif engine.startswith("django.db.backends.postgresql"):
        # Persistent connections checked before reuse: a database restart costs no request.
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 600)
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {})["connect_timeout"] = 3
    else:
        raise ImproperlyConfigured(f"{name}={url!r}: only sqlite:// and postgres:// are supported")
    return config


def replica_database(url: str) -> dict:
    config = database(url, "DATABASE_REPLICA_URL")
    if not config["ENGINE"].startswith("django.db.backends.postgresql"):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must name a PostgreSQL streaming replica (postgres://)")
    # A replica that does not answer costs a request one second, then is left alone (REPLICA_RETRY_SECONDS).
    config["OPTIONS"]["connect_timeout"] = 1
    config["TEST"] = {"MIRROR": "default"}  # tests read and write one database
    return config


DEBUG = env_bool("DJANGO_DEBUG", False)
TESTING = "pytest" in sys.modules
SECRET_KEY = secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("FORUM_SITE_NAME", "Threads")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "mptt",
    "axes",
    "csp",
    # Bottom to top: rate limits, articles and accounts, the comment tree and its verbs, the pages that compose them.
    "forum.throttle",
    "forum.articles",
    "forum.accounts",
    "comments",
    "comments.notifications",
    "forum.pages",
    "forum.search",
    "forum.people",
    "forum.api",
    # Background tasks: Django's task API (the django-tasks backport until Django 6), its database queue and RQ.
    "django_tasks",
    "django_tasks_db",
    "django_rq",
]

MIDDLEWARE = [
    "forum.logs.RequestLogMiddleware",  # first: every later line carries the request id
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF and the views: a method the page does not answer gets 405 with Allow; HEAD is served as GET.
    "forum.http_methods.AllowedMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "comments.admin.query_guard.AdminQueryGuardMiddleware",  # before any admin view reads its query string
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused for too many failures into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "forum.urls"
WSGI_APPLICATION = "forum.wsgi.application"

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
                "forum.context_processors.site",
                "comments.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {"default": database(env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))}
# Reads from a streaming replica, writes to the primary, each reader's own writes visible to them (forum/replica.py).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = replica_database(DATABASE_REPLICA_URL)
    DATABASE_ROUTERS = ["forum.replica.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(1, "forum.replica.ReplicaMiddleware")  # before anything reads: sessions, users, pages
# A replica further behind than this shows readers a discussion that visibly lags: read the primary instead.
REPLICA_MAX_LAG_SECONDS = env_int("FORUM_REPLICA_MAX_LAG_SECONDS", 30)
# After the replica fails, each process reads the primary this long before asking it again.
REPLICA_RETRY_SECONDS = env_int("FORUM_REPLICA_RETRY_SECONDS", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The comment tree's deferred unique constraints are a PostgreSQL safety net; SQLite,
# whose writers are serialised, goes without them, and says so on every command.
SILENCED_SYSTEM_CHECKS = ["models.W038"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering fails a request (and /healthz) in seconds, not never.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    # Sessions read from Redis, written through to the database: any host serves any user.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # One process's memory: cache and rate limits are per process, sessions in the database.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "forum"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Background tasks (notifications' fan-out and email): never inside a request. "database" is a queue in
# the forum's own database served by `manage.py db_worker`; "rq" is Redis through RQ (`manage.py rqworker`);
# "immediate" runs a task when it is enqueued, after the request's commit but in its process (tests).
TASKS_BACKEND = env_str("FORUM_TASKS_BACKEND", "immediate" if TESTING else ("rq" if REDIS_URL else "database"))
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"FORUM_TASKS_BACKEND={TASKS_BACKEND!r}: use one of {', '.join(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 300}}
# No queue dashboard in admin: its pages answer 500 to a stale job id, and operators read queues with `rq info`.
RQ_SHOW_ADMIN_LINK = False

# Anonymous readers share one rendering of each discussion page, cached under the discussion's
# version. Only with a cache every process shares: with per-process memory, a write would bump
# the version in one gunicorn worker while the others kept serving their old copies. Off in
# tests, whose rolled-back articles reuse ids, unless a test turns it on.
CACHE_DISCUSSIONS = env_bool("FORUM_CACHE_DISCUSSIONS", bool(REDIS_URL) and not TESTING)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a login while its (username, client address) pair is locked out.
    "forum.accounts.login.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection (django-axes, counts kept in the database so every worker sees them):
# failures are counted per username *and* client address together, so an attacker locks only
# their own address out of the account and its owner can still log in from anywhere else.
LOGIN_FAILURE_LIMIT = env_int("FORUM_LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("FORUM_LOGIN_COOLOFF_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "forum.accounts.login.locked_out"
AXES_CLIENT_IP_CALLABLE = "forum.accounts.addresses.client_ip"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "forum:front_page"
LOGOUT_REDIRECT_URL = "forum:front_page"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names under gunicorn; plain storage in tests, which never run collectstatic.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
# For django.core.mail.backends.filebased.EmailBackend only: the directory its messages are written to.
EMAIL_FILE_PATH = env_str("DJANGO_EMAIL_FILE_PATH") or None
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "forum@localhost")
# Emails link back to the site: its address as readers reach it, and the domain of their Message-IDs.
SITE_URL = env_str("FORUM_SITE_URL", "http://127.0.0.1:8000")
EMAIL_MESSAGE_DOMAIN = env_str("FORUM_EMAIL_MESSAGE_DOMAIN", "forum.localhost")

# Security headers; the HTTPS-only ones switch on with DJANGO_SECURE (on unless DEBUG or testing).
SECURE = env_bool("DJANGO_SECURE", not DEBUG and not TESTING)
SECURE_SSL_REDIRECT = SECURE and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe each host over plain HTTP
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "forum.errors.csrf_failure"
# Content-Security-Policy (django-csp 4): only this origin's files run or load, so markup
# that slipped past escaping still cannot execute. An inline <script> needs
# nonce="{{ request.csp_nonce }}"; the nonce is sent only on pages that use one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024  # a comment is at most ~40 KB of UTF-8; anything larger is junk
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One JSON object per line, with the request id (forum/logs.py); user text cannot break a line.
    "formatters": {"json": {"()": "forum.logs.JsonFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": sys.stdout, "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# The forum's own limits.
COMMENT_MAX_LENGTH = env_int("FORUM_COMMENT_MAX_LENGTH", 10_000)
# Votes (and taking them back) per account and per client address: a reader clicks a few a minute; a
# script or a ring of accounts on one address clicks far more.
VOTES_PER_MINUTE = env_int("FORUM_VOTES_PER_MINUTE", 30)
ADDRESS_VOTES_PER_MINUTE = env_int("FORUM_ADDRESS_VOTES_PER_MINUTE", 60)
# Reports from this many established readers hide a comment until a moderator decides (0 turns it off):
# one grudge is not enough, a few independent readers usually are right.
AUTO_HIDE_REPORTS = env_int("FORUM_AUTO_HIDE_REPORTS", 3)
# Accounts younger than this do not count towards it: a handful of fresh accounts cannot silence anyone.
ESTABLISHED_ACCOUNT_DAYS = env_int("FORUM_ESTABLISHED_ACCOUNT_DAYS", 7)
# The public moderation log names the moderator who acted. Off by default: volunteers acting on the
# site's rules should not become the target of the people they moderate (Lobsters shows names).
PUBLIC_LOG_NAMES_MODERATORS = env_bool("FORUM_PUBLIC_LOG_NAMES_MODERATORS", False)
COMMENT_EDIT_WINDOW_MINUTES = env_int("FORUM_EDIT_WINDOW_MINUTES", 120)
# @names linked and notified per comment: naming more people than this is a mass ping, not a conversation.
MENTIONS_PER_COMMENT = env_int("FORUM_MENTIONS_PER_COMMENT", 10)
# Rate limits: sliding windows shared by every worker and host (forum/throttle: Redis, else the database).
# 0 turns one off. Posting, per account:
COMMENTS_PER_MINUTE = env_int("FORUM_COMMENTS_PER_MINUTE", 6)
NEW_ACCOUNT_COMMENTS_PER_MINUTE = env_int("FORUM_NEW_ACCOUNT_COMMENTS_PER_MINUTE", 2)  # accounts under a day old
# Posting per client address, whatever the account: opening more accounts buys no more posts. Generous,
# because one address can be a whole office or a phone carrier's customers behind one NAT.
ADDRESS_COMMENTS_PER_MINUTE = env_int("FORUM_ADDRESS_COMMENTS_PER_MINUTE", 30)
# Sign-ups per client address: a household opens a few accounts, a script hundreds.
SIGNUPS_PER_ADDRESS_PER_HOUR = env_int("FORUM_SIGNUPS_PER_ADDRESS_PER_HOUR", 5)
# Sign-ups from all addresses together: a fuse against a flood from many addresses, far above a busy minute.
SIGNUPS_PER_MINUTE = env_int("FORUM_SIGNUPS_PER_MINUTE", 30)
THREAD_PAGE_SIZE = env_int("FORUM_THREAD_PAGE_SIZE", 50)  # top-level comments per article page
# Comments per discussion page, whatever the threads' shape: a page stays near 150 KB of HTML and quick on a
# phone; a top-level thread larger than this is shown cut, with links that continue where it stops.
THREAD_PAGE_COMMENTS = env_int("FORUM_THREAD_PAGE_COMMENTS", 200)
ARTICLES_PER_PAGE = env_int("FORUM_ARTICLES_PER_PAGE", 20)
SEARCHES_PER_MINUTE = env_int("FORUM_SEARCHES_PER_MINUTE", 30)  # per client address: a search costs many page views
