"""Addresses of the demo site and an axe-core check shared by the browser tests."""

from axe_playwright_python.sync_playwright import Axe

LANGUAGES = ["sv", "en"]
OTHER = {"sv": "en", "en": "sv"}

HOME = {"sv": "/sv/", "en": "/en/"}
PROGRAMME = {"sv": "/sv/kommunalt-partnerskap/", "en": "/en/municipal-partnership/"}
CONTENT = {
    "sv": "/sv/kommunalt-partnerskap/sa-ansoker-du/",
    "en": "/en/municipal-partnership/how-to-apply/",
}
STATEMENT = {"sv": "/sv/tillganglighetsredogorelse/", "en": "/en/accessibility-statement/"}
NEWS = {"sv": "/sv/aktuellt/", "en": "/en/news/"}
ARTICLE = {
    "sv": "/sv/aktuellt/tack-for-en-mycket-lyckad-almedalsvecka-hos-oss-pa-icld/",
    "en": "/en/news/thank-you-for-a-very-successful-almedalen-week-at-icld/",
}
DATABASE = {
    "sv": "/sv/kommunalt-partnerskap/databas/",
    "en": "/en/municipal-partnership/database/",
}
NOT_FOUND = {"sv": "/sv/finns-inte/", "en": "/en/does-not-exist/"}

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations on the page, one readable line per failing node."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            lines.append(
                f"{violation['id']} ({violation['impact']}): {', '.join(map(str, node['target']))}"
                f" – {node.get('failureSummary', '').splitlines()[-1].strip()}"
            )
    return lines


def has_visible_focus(locator):
    """Whether the focused element draws an outline or a box shadow that can be seen."""
    return locator.evaluate(
        """el => {
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            const shadow = style.boxShadow && style.boxShadow !== 'none';
            return outline || shadow;
        }"""
    )
