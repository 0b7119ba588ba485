from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What every page's footer shows, editable without a deploy."""

    contact_email = models.EmailField(_("programme e-mail address"), default="partnership@icld.se")
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("contact_email"), FieldPanel("accessibility_statement")]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")


class MenuTitleMixin(models.Model):
    """A page that can stand in the main menu under a label of its own.

    The programme page and the site share a name, so the menu needs a label that says where
    the link leads ("Om programmet") without changing the page's heading.
    """

    menu_title = models.CharField(
        _("menu label"),
        max_length=40,
        blank=True,
        help_text=_("Shown in the main menu instead of the title, if given."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("menu_title")]

    class Meta:
        abstract = True

    @property
    def menu_label(self):
        return self.menu_title or self.title
