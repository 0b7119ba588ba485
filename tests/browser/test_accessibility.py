"""Every public page type, in both languages, at desktop and 320 px width: zero axe violations."""

import pytest

from .helpers import DESKTOP, LANGUAGES, MOBILE, axe_violations
from .pages import page_types


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "320px"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_has_no_wcag_21_aa_violations(new_page, language, viewport):
    page = new_page(language, viewport)
    problems = []
    for name, paths in page_types().items():
        path = paths[language]
        response = page.goto(path)
        expected = 404 if name == "404" else 200
        assert response.status == expected, f"{name}: {path} answered {response.status}"
        problems += [f"{name} {path}: {line}" for line in axe_violations(page)]
        if viewport is MOBILE:
            # WCAG 1.4.10 Reflow: no sideways scrolling at 320 CSS pixels.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{name} {path}: scrolls sideways at 320 px ({overflow}px)")
    assert not problems, "\n".join(problems)
