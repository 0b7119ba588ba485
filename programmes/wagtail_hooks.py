"""A warning to the editor who saves a page whose text states a round date that the
application rounds do not have (programmes.round_text.contradictions). A warning, not an
error: the editor may mean another date, and the page is saved either way."""

from django.contrib import messages
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from wagtail import hooks

from .models import programme_of
from .round_text import page_contradictions


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_of_dates_that_contradict_the_rounds(request, page):
    programme = programme_of(page)
    if programme is None:
        return
    found = page_contradictions(page, programme.recurring_rounds)
    if found:
        quoted = [_("“%(date)s”") % {"date": phrase} for phrase in found]
        messages.warning(
            request,
            _(
                "The text of “%(page)s” names %(dates)s, but no application round opens or "
                "closes on that day. Put a “Round dates” block in the text instead of typing "
                "the dates, so that it follows the rounds."
            )
            % {"page": page.title, "dates": get_text_list(quoted, _("and"))},
        )
