"""What a list of the database counts, in words: "3 aktiva partnerskap i Kenya".

Every list that answers a link with a number says what it counts in the same words: the
status asked for, the country or region, and whether more filters narrow it further.
"""

from django.utils.translation import gettext, ngettext

from ..models import Region, Status


def _counted(status, count):
    """ "3 active partnerships" for `status` (None: of every status)."""
    if status == Status.ACTIVE:
        text = ngettext("%(count)s active partnership", "%(count)s active partnerships", count)
    elif status == Status.FINISHED:
        text = ngettext("%(count)s finished partnership", "%(count)s finished partnerships", count)
    elif status == Status.SEEKING_PARTNER:
        text = ngettext(
            "%(count)s partnership seeking a partner",
            "%(count)s partnerships seeking a partner",
            count,
        )
    else:
        text = ngettext("%(count)s partnership", "%(count)s partnerships", count)
    return text % {"count": count}


def _uncounted(status):
    """ "active partnerships" for `status` (None: of every status)."""
    return {
        Status.ACTIVE: gettext("active partnerships"),
        Status.FINISHED: gettext("finished partnerships"),
        Status.SEEKING_PARTNER: gettext("partnerships seeking a partner"),
    }.get(status, gettext("partnerships"))


def _place(search):
    """The country, else the region, the search is limited to, and the filter naming it."""
    if "country" in search.filters:
        return search.filters["country"].name, "country"
    if "region" in search.filters:
        return dict(Region.choices)[search.filters["region"]], "region"
    return None, None


def describe(search, count=None):
    """The partnerships `search` finds, in words, with their number when `count` is given:
    "3 active partnerships in Kenya", "12 partnerships matching the search"."""
    status = search.filters.get("status")
    text = _uncounted(status) if count is None else _counted(status, count)
    place, place_filter = _place(search)
    if place:
        text = gettext("%(partnerships)s in %(place)s") % {"partnerships": text, "place": place}
    if search.query or set(search.filters) - {"status", place_filter}:
        text = gettext("%(partnerships)s matching the search") % {"partnerships": text}
    return text


def countries_caption(search, count):
    """The caption of the table of countries: "Active partnerships in 19 countries"."""
    text = ngettext(
        "%(partnerships)s in %(count)s country", "%(partnerships)s in %(count)s countries", count
    ) % {"partnerships": describe(search), "count": count}
    return text[:1].upper() + text[1:]


def organisations_summary(search, count):
    """ "65 Swedish organisations in active partnerships"."""
    return ngettext(
        "%(count)s Swedish organisation in %(partnerships)s",
        "%(count)s Swedish organisations in %(partnerships)s",
        count,
    ) % {"count": count, "partnerships": describe(search)}


def facet_note(search):
    """What the numbers beside the filters count."""
    status = search.filters.get("status")
    if status is None:
        return gettext(
            "The numbers in brackets count partnerships of every status: active, finished "
            "and seeking a partner."
        )
    return gettext("The numbers in brackets count only %(partnerships)s (except under Status).") % {
        "partnerships": _uncounted(status)
    }
