from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


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
