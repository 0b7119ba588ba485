from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partnership database")

    def import_models(self):
        super().import_models()
        # The database page is a model too, but it is built on the public database (filters,
        # views), which is built on partners.models: Django is told about it here, so that
        # partners.models need not import what imports it.
        import_module(f"{self.name}.pages")

    def ready(self):
        # Django runs ready() once every app's models exist; these modules need them.
        from icld_site.cache import retire_pages_on_change

        from . import signals
        from .models import ContactPerson, Country, Organisation, Partnership, ThematicArea
        from .models.addresses import connect_signals

        signals.connect_signals()
        connect_signals()
        # The database pages, the programme page's figures and country list show them all.
        retire_pages_on_change(Country, Organisation, ThematicArea, ContactPerson, Partnership)
