"""Settings shared by every environment. Environment-specific files import from here."""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# A slow query cannot hold every worker: the server cancels a statement after this many
# seconds and the request gets the 503 page (icld_site.views.server_error). manage.py sets it
# to 0 (no limit) for management commands unless the environment says otherwise.
DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", "5"))
# Seconds to wait for a connection to the database (libpq counts whole seconds, at least 2).
DATABASE_CONNECT_TIMEOUT = int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2"))
if USING_POSTGRES:
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = DATABASE_CONNECT_TIMEOUT
    if DATABASE_STATEMENT_TIMEOUT > 0:
        DATABASES["default"]["OPTIONS"]["options"] = (
            f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}"
        )
# While the database is down, its errors are logged at most once in this many seconds.
DATABASE_OUTAGE_LOG_SECONDS = 60
# What the 503 page asks clients to wait before trying again, in seconds.
SERVICE_UNAVAILABLE_RETRY_AFTER = 30

INSTALLED_APPS = [
    # modeltranslation must come before the apps whose models it translates.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    # Before icld_site, whose ready() takes this app's single-language purge handlers off
    # again (icld_site.cache purges both languages).
    "wagtail.contrib.frontend_cache",
    "icld_site",
    "programmes",
    "news",
    "partners",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    # Two-factor sign-in to the admin (icld_site.two_factor): authenticator apps and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
]
if USING_POSTGRES:
    # Wagtail's database search backend needs it for SearchVectorField/GinIndex.
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache, which then answers HEAD as GET.
    "icld_site.middleware.HttpMethodsMiddleware",
    # Early, so that a cached page skips sessions, locale and Wagtail altogether.
    "icld_site.cache.AnonymousPageCacheMiddleware",
    # Inside the page cache, which stores what it compressed; public responses only (see
    # icld_site.compression for why BREACH does not apply).
    "icld_site.compression.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.user.is_verified(); then the admin asks for the code (icld_site.two_factor).
    "django_otp.middleware.OTPMiddleware",
    "icld_site.two_factor.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "icld_site.routing.CachedSiteMiddleware",
    "icld_site.middleware.SecurityHeadersMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # AxesBackend refuses locked-out sign-ins; it also answers get_user() for sessions.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The proxies (addresses or networks, e.g. "10.0.0.0/8,127.0.0.1") whose X-Forwarded-For is
# believed: behind them, the visitor's address is read from that header for the rate limits,
# the sign-in lock-out and the logs (icld_site.limits.client_address). A bad entry stops the
# start-up here rather than let every visitor share one address.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None
AXES_CLIENT_IP_CALLABLE = "icld_site.limits.client_address"
# Sign-in is locked for an hour after five failures for the same user name from one address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The count is reset when a sign-in is complete, with its code where one is asked
# (icld_site.two_factor.signin), not when the password alone was right: wrong codes count too.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
# Axes counts failures in the database (its default handler), not in the cache: a Redis
# outage leaves the lock-out in force. The refusal (429) is in the visitor's language.
AXES_COOLOFF_MESSAGE = _(
    "Sign-in is locked after too many failed attempts. Please try again in an hour."
)

# Two-factor sign-in (icld_site.two_factor). When ADMIN_REQUIRE_2FA is on (production), every
# user who can publish or see personal data gives a code from an authenticator app after the
# password, and one without an app is sent to set one up. A browser may be remembered for
# TWO_FACTOR_REMEMBER_DAYS.
ADMIN_REQUIRE_2FA = os.environ.get("ADMIN_REQUIRE_2FA", "0") == "1"
TWO_FACTOR_REMEMBER_DAYS = 30
TWO_FACTOR_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Kommunalt Partnerskap"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
ADMIN_PATH_PREFIXES = ("/admin/",)
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "media-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    # Only responses marked X-Frame-Options: SAMEORIGIN (Wagtail's previews) get 'self':
    # see icld_site.middleware.SecurityHeadersMiddleware.
    "frame-ancestors": "'none'",
}
CONTENT_SECURITY_POLICY_ADMIN = {
    **CONTENT_SECURITY_POLICY,
    "script-src": "'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

ROOT_URLCONF = "icld_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "icld_site.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Swedish first, English second, everywhere.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "sv"
MODELTRANSLATION_LANGUAGES = ("sv", "en")
# An English-only article still shows its English text on the Swedish site, and vice versa.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("sv", "en"), "sv": ("en",)}
WAGTAILMODELTRANSLATION_LOCALE_PICKER = False

WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Import files wait here between their check and the confirmation
# (partners.importing.uploads). Not under MEDIA_ROOT: nothing here is ever served.
IMPORT_UPLOAD_ROOT = Path(os.environ.get("IMPORT_UPLOAD_ROOT", BASE_DIR / "var" / "imports"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "partner_imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": IMPORT_UPLOAD_ROOT, "base_url": None},
    },
}
# Several app servers share uploaded images and documents through object storage
# (any S3-compatible service) when a bucket is named.
if os.environ.get("MEDIA_BUCKET"):
    _bucket = {
        "bucket_name": os.environ["MEDIA_BUCKET"],
        "endpoint_url": os.environ.get("MEDIA_ENDPOINT_URL") or None,
        "region_name": os.environ.get("MEDIA_REGION") or None,
        "access_key": os.environ.get("MEDIA_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("MEDIA_SECRET_ACCESS_KEY") or None,
        "file_overwrite": False,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_bucket,
            "custom_domain": os.environ.get("MEDIA_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
        },
    }
    # The server that confirms an import may not be the one that checked it: the waiting
    # files go to the bucket too, as private objects under their own prefix.
    STORAGES["partner_imports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_bucket, "location": "import-uploads", "default_acl": "private"},
    }

WAGTAIL_SITE_NAME = "Kommunalt Partnerskap"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILEMBEDS_FINDERS = []  # no oEmbed look-ups: the site never fetches from the web
# The admin neither shows avatars from gravatar.com nor asks wagtail.org for new releases:
# editors' browsers contact no other host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Uploads: a short list of safe types (no SVG, which can carry scripts), bounded sizes.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt", "mp4", "webm", "vtt"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "icld_site.forms.SafeDocumentForm"
DOCUMENT_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Only PDFs open in the browser; everything else is a download ("attachment"). Served documents
# also get "X-Content-Type-Options: nosniff" and "Content-Security-Policy: default-src 'none'".
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        **({"SEARCH_CONFIG": "swedish_unaccent"} if USING_POSTGRES else {}),
    }
}

# Redis when REDIS_URL is set (shared by every app server), local memory otherwise. The site
# works without Redis: while it is unavailable every call is a miss (icld_site.cache_backends).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.25"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "icld_site.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# After a failure a process leaves Redis alone this long; it logs the failure at most once
# in CACHE_FAILURE_LOG_SECONDS.
CACHE_RETRY_SECONDS = 5
CACHE_FAILURE_LOG_SECONDS = 60
# Sessions (editors only: anonymous visitors get none) live in the database alone. With a
# cached copy (`cached_db`), a sign-out during a cache outage could not remove the copy, and
# the signed-out session would come back with the cache.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
PAGE_CACHE_ALIAS = "default"
# Without Redis each worker process has its own cache and only learns of an edit made in
# another process when its copy expires: keep that window short.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600" if REDIS_URL else "60"))
PAGE_CACHE_BROWSER_SECONDS = 60
# A cached page, current or retired, is served to anonymous visitors for this long after it
# was stored when the database cannot be reached (marked `X-Page-Cache: stale`); 0: never.
PAGE_STALE_SECONDS = int(os.environ.get("PAGE_STALE_SECONDS", str(24 * 3600)))
# Figures shared by many pages (counts over the database, the latest news, the menu) are
# kept per content generation, also when the whole-page cache is off; see
# icld_site.cache.content_cached.
CONTENT_CACHE_SECONDS = int(os.environ.get("CONTENT_CACHE_SECONDS", "600" if REDIS_URL else "60"))
PAGE_CACHE_PATH_PREFIXES = ("/sv/", "/en/")

# A front cache (Varnish, nginx with purge, a CDN) in front of the app servers is told to
# drop a page's Swedish and English URLs when the page is published or unpublished.
WAGTAILFRONTENDCACHE = (
    {
        "front": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
        }
    }
    if os.environ.get("FRONTEND_CACHE_PURGE_URL")
    else {}
)

PROGRAMME_EMAIL = "partnership@icld.se"

# E-mail (icld_site.mail) leaves through the "mail" task backend: a queue in the database
# that `manage.py db_worker --backend mail` works through. Wagtail's own tasks stay
# immediate. Development and tests send at once (MAIL_TASK_BACKEND).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": os.environ.get("MAIL_TASK_BACKEND", "django_tasks_db.DatabaseBackend")},
}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kommunalt Partnerskap <noreply@icld.se>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# /healthz?deep=1 says "degraded" when a message has waited longer than this, in seconds.
MAIL_QUEUE_MAX_AGE = int(os.environ.get("MAIL_QUEUE_MAX_AGE", "900"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "icld_site.logging.JsonFormatter"}},
    "filters": {
        "database_outage": {"()": "icld_site.logging.DatabaseOutageFilter"},
        "suspicious_request": {"()": "icld_site.logging.SuspiciousRequestFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["suspicious_request"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING").upper()},
    "loggers": {
        "django.request": {"level": "WARNING", "filters": ["database_outage"]},
        "axes": {"level": "WARNING"},
    },
}

# Answers to "Was this page helpful?" that one address may send an hour (icld_site.feedback).
FEEDBACK_RATE_LIMIT = int(os.environ.get("FEEDBACK_RATE_LIMIT", "10"))
# Partner requests (partners.database.requests) that one address, and one e-mail address,
# may send a day.
PARTNER_REQUEST_RATE_LIMIT = int(os.environ.get("PARTNER_REQUEST_RATE_LIMIT", "5"))

# Requests for a password reset link (icld_site.password_reset) that one address, and one
# e-mail address, may make an hour.
PASSWORD_RESET_LIMIT_PER_IP = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_IP", "10"))
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "3"))

# Contacts keep their own details current (partners.verification): a contact not verified
# for CONTACT_VERIFICATION_MAX_AGE_DAYS is hidden from the public site; one not verified for
# CONTACT_VERIFICATION_REMINDER_DAYS is reminded by `send_verification_reminders`, at most
# once in CONTACT_VERIFICATION_REMINDER_INTERVAL_DAYS; a link works for
# CONTACT_VERIFICATION_LINK_DAYS.
CONTACT_VERIFICATION_MAX_AGE_DAYS = int(os.environ.get("CONTACT_VERIFICATION_MAX_AGE_DAYS", "730"))
CONTACT_VERIFICATION_REMINDER_DAYS = int(
    os.environ.get("CONTACT_VERIFICATION_REMINDER_DAYS", "365")
)
CONTACT_VERIFICATION_REMINDER_INTERVAL_DAYS = int(
    os.environ.get("CONTACT_VERIFICATION_REMINDER_INTERVAL_DAYS", "30")
)
CONTACT_VERIFICATION_LINK_DAYS = int(os.environ.get("CONTACT_VERIFICATION_LINK_DAYS", "30"))

# The contact form of partnership pages (partners.contact): messages one sender address and
# one IP address may send an hour, messages one sender address or IP address may send one
# recipient a day, messages one recipient may be sent a day from everyone, the longest
# message and the most links in one, and how many days the log of sent messages is kept.
CONTACT_LIMIT_PER_SENDER = int(os.environ.get("CONTACT_LIMIT_PER_SENDER", "5"))
CONTACT_LIMIT_PER_IP = int(os.environ.get("CONTACT_LIMIT_PER_IP", "10"))
CONTACT_LIMIT_PER_RECIPIENT_PER_SENDER = int(
    os.environ.get("CONTACT_LIMIT_PER_RECIPIENT_PER_SENDER", "5")
)
CONTACT_LIMIT_PER_RECIPIENT = int(os.environ.get("CONTACT_LIMIT_PER_RECIPIENT", "20"))
CONTACT_MESSAGE_MAX_LENGTH = int(os.environ.get("CONTACT_MESSAGE_MAX_LENGTH", "5000"))
CONTACT_MESSAGE_MAX_LINKS = int(os.environ.get("CONTACT_MESSAGE_MAX_LINKS", "2"))
CONTACT_LOG_DAYS = int(os.environ.get("CONTACT_LOG_DAYS", "90"))

# E-mail subscriptions (icld_site.subscriptions): a confirmation link works for
# SUBSCRIPTION_CONFIRM_LINK_DAYS and an unconfirmed sign-up is deleted after
# SUBSCRIPTION_UNCONFIRMED_DAYS; the unsubscribe and manage links in every message work for
# SUBSCRIPTION_LINK_DAYS. Sign-ups (and requests for a manage link) one IP address and one
# e-mail address may make an hour.
SUBSCRIPTION_CONFIRM_LINK_DAYS = int(os.environ.get("SUBSCRIPTION_CONFIRM_LINK_DAYS", "7"))
SUBSCRIPTION_UNCONFIRMED_DAYS = int(os.environ.get("SUBSCRIPTION_UNCONFIRMED_DAYS", "7"))
SUBSCRIPTION_LINK_DAYS = int(os.environ.get("SUBSCRIPTION_LINK_DAYS", "365"))
SUBSCRIBE_LIMIT_PER_IP = int(os.environ.get("SUBSCRIBE_LIMIT_PER_IP", "20"))
SUBSCRIBE_LIMIT_PER_ADDRESS = int(os.environ.get("SUBSCRIBE_LIMIT_PER_ADDRESS", "5"))
# The weekday (0 = Monday … 6 = Sunday) on which `manage.py send_notifications` sends the
# weekly digests (news, saved searches); a digest missed that day goes out on the next run.
SUBSCRIPTION_DIGEST_WEEKDAY = int(os.environ.get("SUBSCRIPTION_DIGEST_WEEKDAY", "0")) % 7
