from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icld_site.cache import content_cached
from icld_site.names import display_name, require_swedish_name, swedish_name_constraint


class ThematicAreaQuerySet(models.QuerySet):
    def in_order(self):
        """Every thematic area, democracy principles first, then by name in the active
        language: a small table, read once per language and state of the content."""
        return content_cached(f"thematic-areas:{get_language()}", lambda: list(self.all()))


class ThematicArea(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    is_democracy_principle = models.BooleanField(
        _("core democracy principle"),
        default=False,
        help_text=_("Equity, participation, transparency or accountability."),
    )

    objects = ThematicAreaQuerySet.as_manager()

    class Meta:
        app_label = "partners"
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["-is_democracy_principle", "name"]
        constraints = [swedish_name_constraint("thematicarea")]

    def __str__(self):
        return display_name(self.name, self.slug)

    def clean(self):
        super().clean()
        require_swedish_name(self)
