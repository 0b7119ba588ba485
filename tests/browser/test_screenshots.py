"""Screenshots of every public page type, on request: `make screenshots` writes screenshots/."""

import os
from pathlib import Path

import pytest

from .helpers import DESKTOP, LANGUAGES, MOBILE
from .pages import page_types

TARGET = os.environ.get("SCREENSHOTS_DIR", "")


@pytest.mark.skipif(not TARGET, reason="set SCREENSHOTS_DIR (or run `make screenshots`)")
@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_screenshot_every_page_type(new_page, language, viewport):
    folder = Path(TARGET)
    folder.mkdir(parents=True, exist_ok=True)
    width = "desktop" if viewport is DESKTOP else "mobile"
    page = new_page(language, viewport)
    for name, paths in page_types().items():
        page.goto(paths[language])
        path = folder / f"{name}-{language}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 0
