from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partnership database")

    def ready(self):
        from icld_site.cache import retire_pages_on_change

        from .models import ContactPerson, Country, Organisation, Partnership, ThematicArea
        from .search import connect_signals

        connect_signals()
        # The database pages, the programme page's figures and country list show them all.
        retire_pages_on_change(Country, Organisation, ThematicArea, ContactPerson, Partnership)
