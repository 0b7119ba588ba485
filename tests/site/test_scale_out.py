import os
import subprocess
import sys
from unittest import mock

import pytest
from django.test import override_settings

from programmes.models import ProgrammePage

pytestmark = pytest.mark.django_db


def settings_value(expression, **env):
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "icld_site.settings.test", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_object_storage_for_media_is_chosen_by_environment():
    assert settings_value('settings.STORAGES["default"]["BACKEND"]') == (
        "django.core.files.storage.FileSystemStorage"
    )
    backend = settings_value(
        'settings.STORAGES["default"]["BACKEND"], '
        'settings.STORAGES["default"]["OPTIONS"]["bucket_name"]',
        MEDIA_BUCKET="kp-media",
        MEDIA_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert backend == "storages.backends.s3.S3Storage kp-media"


def test_redis_cache_and_sessions_are_chosen_by_environment():
    assert settings_value(
        'settings.CACHES["default"]["BACKEND"], settings.SESSION_ENGINE',
        REDIS_URL="redis://127.0.0.1:6379/3",
    ) == ("django.core.cache.backends.redis.RedisCache django.contrib.sessions.backends.cached_db")


def test_front_cache_is_told_to_drop_both_languages_on_publish():
    front = {
        "front": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    page = ProgrammePage.objects.get()
    with (
        override_settings(WAGTAILFRONTENDCACHE=front),
        mock.patch("wagtail.contrib.frontend_cache.utils.purge_urls_from_cache") as purge,
    ):
        page.save_revision().publish()
    purged = [url for call in purge.call_args_list for url in call.args[0]]
    assert any(url.endswith("/sv/kommunalt-partnerskap/") for url in purged)
    assert any(url.endswith("/en/municipal-partnership/") for url in purged)
