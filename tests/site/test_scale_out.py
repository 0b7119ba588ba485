import os
import subprocess
import sys

import pytest

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
    ) == ("icld_site.cache_backends.ResilientRedisCache django.contrib.sessions.backends.db")
