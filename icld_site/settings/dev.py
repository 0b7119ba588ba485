from .base import *  # noqa: F403

PAGE_CACHE_SECONDS = 0  # see a change at once while developing

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Mail is printed at once: `make run` needs neither a mail server nor a worker.
TASKS["mail"] = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}  # noqa: F405
# Links in e-mail lead to the server `make run` started, on whichever port it listens.
WAGTAILADMIN_BASE_URL = os.environ.get(  # noqa: F405
    "WAGTAILADMIN_BASE_URL",
    f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",  # noqa: F405
)
