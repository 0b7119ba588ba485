from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES["partner_imports"]["OPTIONS"]["location"] = MEDIA_ROOT / "import-uploads"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests that exercise the page cache switch it on themselves.
PAGE_CACHE_SECONDS = 0
CONTENT_CACHE_SECONDS = 0
# Test clients sign in without a request; the lock-out test switches axes on itself.
AXES_ENABLED = False
# Tests about the queue switch the mail backend to the database themselves.
TASKS["mail"] = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}  # noqa: F405
# The two-factor tests switch it on themselves.
ADMIN_REQUIRE_2FA = False
