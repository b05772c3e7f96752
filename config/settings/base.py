"""Brobygger settings: everything comes from the environment, secure by default.

Embedded defaults (no environment at all, DEBUG=true): SQLite file database, Celery's filesystem
broker in .local/broker, e-mail written to the console. Production sets DATABASE_URL, REDIS_URL
(or CELERY_BROKER_URL), SECRET_KEY, ALLOWED_HOSTS and EMAIL_URL.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
LOCAL_DIR = Path(environ.Env().str("BROBYGGER_LOCAL_DIR", default=str(BASE_DIR / ".local")))

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY") if not DEBUG else env("SECRET_KEY", default="dev-only-not-secret")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address (scheme and host, no path): every absolute URL is SITE_URL + path
# (accounts/site.py), in e-mails, calendar feeds and open data alike.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# A deployment for one municipality (its slug): signed-out visitors' home page is that
# municipality's page (issue #18). Empty: the home page lists the municipalities.
SINGLE_MUNICIPALITY = env("SINGLE_MUNICIPALITY", default="")
# Keeping the map current (issue #18), in days since a profile was last confirmed or saved (or,
# never confirmed, made): its admins are asked "still correct?" and the coordinator lists it;
# the public directory marks it "not confirmed since"; the public directory and open data leave
# it out (it is never deleted: the coordinator decides).
PROFILE_CONFIRM_EVERY_DAYS = env.int("PROFILE_CONFIRM_EVERY_DAYS", default=365)
PROFILE_MARKED_UNCONFIRMED_AFTER_DAYS = env.int(
    "PROFILE_MARKED_UNCONFIRMED_AFTER_DAYS", default=2 * 365
)
PROFILE_HIDDEN_AFTER_DAYS = env.int("PROFILE_HIDDEN_AFTER_DAYS", default=3 * 365)
if urlsplit(SITE_URL).scheme not in ("http", "https") or not urlsplit(SITE_URL).netloc:
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's address, like https://brobygger.example.no; got {SITE_URL!r}"
    )
SITE_NAME = "Brobygger"  # what e-mails greet from

INSTALLED_APPS = [
    # before the admin, as it asks: translated content fields (organizations/translation.py,
    # grants/translation.py); fallbacks below, README "Translated content".
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "crispy_forms",
    "django_filters",
    "django_htmx",
    "template_partials",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "core",
    "accounts",
    "notifications",
    "organizations",
    "agreements",
    "meetings",
    "referrals",
    "grants",
    "announcements",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "accounts.middleware.RequestLogMiddleware",
    "accounts.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The roles and two-factor state kept in the cache under User.access_version.
    "accounts.middleware.CachedAccessMiddleware",
    "accounts.tenancy.TenantMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "accounts.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.RequireTwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Inside CSPMiddleware: adds the municipalities' sign-in services to form-action on the pages
    # whose forms go there (accounts/sso/middleware.py).
    "accounts.sso.middleware.ProviderFormActionMiddleware",
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
                "accounts.context_processors.roles",
                "notifications.context_processors.notifications",
                "core.navigation.menus",
            ],
        },
    }
]

# Database: SQLite file by default, PostgreSQL in production (DATABASE_URL=postgres://...).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{LOCAL_DIR / 'brobygger.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The planner's cost of a random page read, for this site's connections. PostgreSQL's default
    # (4) assumes spinning disks; with the data in memory or on SSD, 1.1 is the usual advice.
    # With 4 the directory's full-text count reads every organisation instead of the GIN index
    # (9 ms instead of 3 at 10,000). Empty: the server's own setting (e.g. behind a pooler that
    # refuses startup options).
    RANDOM_PAGE_COST = env("PG_RANDOM_PAGE_COST", default="1.1")
    # Behind PgBouncer in transaction mode (DATABASE_POOL_MODE=transaction; docs/deployment.md):
    # a client holds a server connection for one transaction only, so nothing may live in the
    # session. Django's server-side cursors (.iterator()) and psycopg's prepared statements would,
    # and PgBouncer refuses startup options, so random_page_cost is set on the database there
    # (ALTER DATABASE ... SET random_page_cost = 1.1). The notification sender's claims name
    # themselves instead of the connection (notifications.services, "claims").
    DATABASE_POOL_MODE = env("DATABASE_POOL_MODE", default="")
    if DATABASE_POOL_MODE not in ("", "session", "transaction"):
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MODE is '', 'session' or 'transaction', not {DATABASE_POOL_MODE!r}"
        )
    if DATABASE_POOL_MODE == "transaction":
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
        RANDOM_PAGE_COST = ""
    if RANDOM_PAGE_COST:
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = (
            f"{options.get('options', '')} -c random_page_cost={float(RANDOM_PAGE_COST)}".strip()
        )
else:
    # SQLite (the embedded development default) cannot hold the information sheets' unique
    # version number with an empty municipality; the service assigns numbers under a lock.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # accounts.cache.RedisCache: Django's, falling back to process memory while Redis is down.
    CACHES = {
        "default": {
            "BACKEND": "accounts.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:  # shared by the web server and the worker on one machine (import progress, rate limits)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(LOCAL_DIR / "cache"),
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's backends, loading the user with their unread notification count.
    "notifications.backends.ModelBackend",
    "notifications.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail is the login, verified before first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Brobygger: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme  # links follow SITE_URL, see the adapter
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
# Lock-out: five failed logins for one account in 15 minutes, or 20 a minute from one address.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,5/15m/key"}
# The visitor's address for the per-address limit. Behind the TLS proxy every request comes from
# the proxy's address, so one visitor's failures would lock out everyone: with
# TRUSTED_PROXY_COUNT=n, allauth takes the n-th address from the right of X-Forwarded-For (the
# one the outermost trusted proxy appended; what a visitor writes into the header is left of
# it). TRUSTED_CLIENT_IP_HEADER instead names a header the proxy sets to the visitor's address
# alone (X-Real-IP, CF-Connecting-IP). 0 and empty (the default): the connection's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="") or None
# Staff single sign-on: each municipality's own OpenID Connect provider (accounts/sso/). The
# apps are built from accounts.SingleSignOnConfig by the adapter, never stored as SocialApps.
SOCIALACCOUNT_ADAPTER = "accounts.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # e-mail claims are mutable: never match on them
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5
# Fernet keys (urlsafe base64, 32 bytes) for the client secrets, newest first; empty: one derived
# from SECRET_KEY. Make one: cryptography.fernet.Fernet.generate_key().
SSO_SECRET_KEYS = env.list("SSO_SECRET_KEYS", default=[])
# A staff session from single sign-on lives at most this long; then the provider is asked again.
SSO_SESSION_HOURS = env.int("SSO_SESSION_HOURS", default=8)
SSO_CLOCK_SKEW_SECONDS = 60
# Staff whose roles were given by hand and who have not signed in for this many days are warned;
# STAFF_LAPSE_WARNING_DAYS later, still without a sign-in, the role lapses (accounts/staff).
STAFF_INACTIVE_DAYS = env.int("STAFF_INACTIVE_DAYS", default=90)
STAFF_LAPSE_WARNING_DAYS = env.int(
    "STAFF_LAPSE_WARNING_DAYS", default=14
)  # allowed difference between our clock and the provider's
SSO_METADATA_CACHE_SECONDS = 60 * 60  # discovery documents and signing keys
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Brobygger"
MFA_TOTP_TOLERANCE = 1  # also accept the previous and next 30-second code (clock drift)
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

LANGUAGE_CODE = "nb"
# Adding a language: CONTRIBUTING.md, "Adding a language". The header names each in its own tongue.
LANGUAGES = [
    ("nb", _("Norwegian bokmål")),
    ("nn", _("Norwegian nynorsk")),
    ("da", _("Danish")),
    ("en", _("English")),
]
# locale_vendor: nynorsk for the django-allauth strings (allauth ships none); locale/ wins.
# Translated content (django-modeltranslation): one column per language of LANGUAGES for each
# registered field (`description_nb`, `description_nn`, `description_da`, `description_en`). A
# reader gets their language, else the closest written language: nynorsk and bokmål read each
# other first, Danish and Norwegian next (bokmål grew out of written Danish), English last; an
# English reader gets bokmål, then Danish, then nynorsk. The shown text is marked with the
# language it is in (core.translated_fields.shown).
MODELTRANSLATION_DEFAULT_LANGUAGE = "nb"
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("nb", "nn", "da", "en"),
    "nb": ("nn", "da", "en"),
    "nn": ("nb", "da", "en"),
    "da": ("nb", "nn", "en"),
    "en": ("nb", "da", "nn"),
}
# Full-text search stems each language's text with its PostgreSQL configuration (snowball):
# bokmål and nynorsk with "norwegian", Danish with "danish", English with "english". Each
# configuration has a stored vector per searchable table (organizations.search, migration
# organizations/0016); a language with a new configuration needs a migration adding its vector.
SEARCH_CONFIG_BY_LANGUAGE = {"nb": "norwegian", "nn": "norwegian", "da": "danish", "en": "english"}
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
LANGUAGE_COOKIE_NAME = "brobygger_language"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
# English dates and times the unambiguous way ("7 December 2026", "18:00"): config/formats/en;
# date fields are typed day first in every language (07.12.2026, 07/12/2026) and read ISO
# too: config/formats/{nb,nn,da,en}, core/widgets.py.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(LOCAL_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(LOCAL_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Text boxes with a length limit say so in their help text (config/forms.py).
FORM_RENDERER = "config.forms.FormRenderer"
# Forms render through the Designsystemet pack in core/templates/designsystemet/.
CRISPY_ALLOWED_TEMPLATE_PACKS = ("designsystemet",)
CRISPY_TEMPLATE_PACK = "designsystemet"

# E-mail: console by default; EMAIL_URL=smtp+tls://user:password@host:587 in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Brobygger <noreply@brobygger.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS, the second notification channel (notifications/transports.py, SmsTransport), through
# Sveve's HTTP API. Off (and the settings page says so) unless both credentials are set.
SMS_SVEVE_USER = env("SMS_SVEVE_USER", default="")
SMS_SVEVE_PASSWORD = env("SMS_SVEVE_PASSWORD", default="")
# https://api.sveve.dk/SMS/SendMessage for a Danish account (same API).
SMS_SVEVE_URL = env("SMS_SVEVE_URL", default="https://sveve.no/SMS/SendMessage")
SMS_SENDER = env("SMS_SENDER", default="Brobygger")  # at most 11 characters
SMS_TIMEOUT_SECONDS = env.float("SMS_TIMEOUT_SECONDS", default=10.0)
# How many SMS a municipality's notifications may send in a calendar month; then e-mail instead,
# and its coordinators are told once.
SMS_MONTHLY_CAP_PER_MUNICIPALITY = env.int("SMS_MONTHLY_CAP_PER_MUNICIPALITY", default=500)
# The kinds a person may choose to get by SMS as well. A kind about a referral is never sent by
# SMS, whatever this says (notifications.kinds.NEVER_BY_SMS_GROUPS).
SMS_KINDS = [
    "meeting_invitation",
    "meeting_reminder",
    "meeting_cancelled",
    "grant_deadline",
    "announcement_crisis",
]

# Celery: Redis in production, the filesystem transport as the embedded default.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = LOCAL_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
else:
    # A request that enqueues a task while Redis is down waits seconds, not minutes.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60, "socket_connect_timeout": 2}
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker logs through LOGGING below (JSON, redacted) instead of its own handler: a task's
# error ("SMTPRecipientsRefused({'<address>': …})") is redacted like every other record.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(LOCAL_DIR / "celerybeat-schedule")
# The one beat schedule. Later issues add their periodic tasks here.
CELERY_BEAT_SCHEDULE = {
    "send-due-notifications": {
        "task": "notifications.tasks.send_due_notifications",
        "schedule": 60.0,
    },
    "weekly-meeting-digests": {
        "task": "meetings.tasks.schedule_weekly_digests",
        "schedule": crontab(day_of_week="sunday", hour=17, minute=55),
    },
    "meeting-agendas": {  # N days before each meeting (meetings.AgendaSchedule)
        "task": "meetings.tasks.send_due_agendas",
        "schedule": crontab(minute=15),
    },
    "meeting-minutes-reminders": {  # the day after a meeting without minutes
        "task": "meetings.tasks.send_minutes_reminders",
        "schedule": crontab(minute=25),
    },
    "agreement-reminders": {
        "task": "agreements.tasks.schedule_agreement_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "agreement-expiry": {  # an agreement past its end date ends (logged as the system's)
        "task": "agreements.tasks.expire_ended_agreements",
        "schedule": crontab(hour=0, minute=35),
    },
    "referral-reminders-and-expiry": {
        "task": "referrals.tasks.schedule_referral_reminders",
        "schedule": crontab(minute=20),
    },
    "referral-offer-again-reminders": {  # "not now" answers whose day has come (R52)
        "task": "referrals.tasks.schedule_offer_reminders",
        "schedule": crontab(hour=8, minute=5),
    },
    "referral-quarterly-follow-ups": {  # the staff who referred last quarter (R40)
        "task": "referrals.tasks.schedule_referral_follow_ups",
        "schedule": crontab(day_of_month=1, month_of_year="1,4,7,10", hour=9, minute=10),
    },
    "referral-retention-purge": {
        "task": "referrals.tasks.purge_personal_data",
        "schedule": crontab(hour=2, minute=40),
    },
    "daily-notification-digests": {  # 18:00 Europe/Oslo (CELERY_TIMEZONE)
        "task": "notifications.tasks.send_notification_digests",
        "schedule": crontab(hour=18, minute=0),
    },
    "grant-reminders": {
        "task": "grants.tasks.schedule_grant_reminders",
        "schedule": crontab(hour=6, minute=40),
    },
    "staff-roles-lapse": {
        "task": "accounts.tasks.lapse_inactive_staff_roles",
        "schedule": crontab(hour=2, minute=10),
    },
    "organization-confirm-reminders": {  # the yearly "is the profile still correct?" e-mail
        "task": "organizations.tasks.schedule_confirm_reminders",
        "schedule": crontab(hour=7, minute=35),
    },
    "purge-old-sent-notifications": {
        "task": "notifications.tasks.purge_sent_notifications",
        "schedule": crontab(hour=3, minute=15),
    },
}

# Personal data about refugees is erased this many days after a referral ended, or after a
# person has had neither an open referral nor a valid consent.
REFERRALS_RETENTION_DAYS = env.int("REFERRALS_RETENTION_DAYS", default=30)
# Staff and contact persons, who can see personal data, are signed out after this long idle.
SENSITIVE_IDLE_MINUTES = env.int("SENSITIVE_IDLE_MINUTES", default=30)

# Benchmarks only (bench/README.md): routes the minimal view /bench/floor, the throughput floor.
BENCH_FLOOR_VIEW = env.bool("BENCH_FLOOR_VIEW", default=False)

# Security: computed once from DEBUG; production is the default.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: no inline script or style, nothing from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Structured request logging: one JSON line per request on stdout. Every record on it is
# redacted first: no query string, no secret from a URL path (accounts/logging.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "accounts.logging.JsonFormatter"}},
    "filters": {"redact": {"()": "accounts.logging.RedactFilter"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["redact"]}
    },
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"handlers": [], "propagate": False},
        "django.request": {"handlers": ["stdout"], "level": "ERROR", "propagate": False},
        # WeasyPrint reports each rendering step at INFO (core/pdf.py); only its warnings count.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The open Enhetsregisteret API (organisation lookup). Tests point it at recorded responses.
BRREG_BASE_URL = env("BRREG_BASE_URL", default="https://data.brreg.no")
BRREG_TIMEOUT = env.float("BRREG_TIMEOUT", default=4.0)
# The Danish Business Authority's (Erhvervsstyrelsen) system-to-system access to CVR data: a
# username and password it issues on request (cvrselvbetjening@erst.dk). Without them the Danish
# look-up is off and the registration form says to fill in the details by hand.
CVR_BASE_URL = env("CVR_BASE_URL", default="http://distribution.virk.dk")
CVR_USERNAME = env("CVR_USERNAME", default="")
CVR_PASSWORD = env("CVR_PASSWORD", default="")
CVR_TIMEOUT = env.float("CVR_TIMEOUT", default=4.0)
# Uploads: logos and mapping spreadsheets.
LOGO_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The printable offer list shows "free and low-cost" activities by default (issue #18, seed 002
# §4.3): free ones, and those costing at most this much a time, by the municipality's currency.
LOW_COST_PRICE = {"NOK": 100, "DKK": 75}
