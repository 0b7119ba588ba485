"""Blocks of the programme's pages: text that states the application rounds' dates.

A round date is never typed into a text: a "round dates" block puts the rounds' names and
dates between the editor's own words, read from the programme page's rounds (with this
year's exception) in the page's language, so every text changes with the rounds.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from icld_site.blocks import BodyBlock

from .round_text import round_dates_text

TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]
# Text after the dates that starts with one of these follows them without a space.
_CLOSING_PUNCTUATION = ".,;:!?)"


class RoundDatesBlock(blocks.StructBlock):
    text_before = blocks.CharBlock(label=_("Text before the dates"), required=False)
    show = blocks.ChoiceBlock(
        label=_("Dates"),
        choices=[
            ("all", _("Every round, with its name and dates")),
            ("next", _("The open round, or else the next one")),
        ],
        default="all",
        # The choice is no text of the page's.
        search_index=False,
    )
    text_after = blocks.CharBlock(label=_("Text after the dates"), required=False)

    class Meta:
        label = _("Round dates")
        icon = "date"
        template = "blocks/round_dates.html"
        help_text = _(
            "A paragraph with the application rounds' names and dates taken from the programme "
            "page's rounds: write the words before and after them, never the dates."
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        # Each page type with this block knows its programme's rounds (programmes.models).
        rounds = getattr((parent_context or {}).get("page"), "recurring_rounds", [])
        context["round_dates"] = round_dates_text(rounds, value["show"], timezone.localdate())
        after = value["text_after"]
        context["space_after"] = bool(after) and not after.startswith(tuple(_CLOSING_PUNCTUATION))
        return context


class RoundsTextBlock(blocks.StreamBlock):
    """Paragraphs and round dates: the programme page's "When?"."""

    paragraph = blocks.RichTextBlock(label=_("Paragraph"), features=TEXT_FEATURES)
    round_dates = RoundDatesBlock()


class ProgrammeBodyBlock(BodyBlock):
    """The shared body blocks, and round dates: the body of the programme's content pages."""

    round_dates = RoundDatesBlock()
