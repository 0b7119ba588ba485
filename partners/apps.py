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
        from icld_site.demo import DemoStage, register_demo_step
        from icld_site.search import SearchGroup, register_search_group
        from icld_site.sitemaps import register_sitemaps
        from icld_site.subscriptions import register_notifier, register_topic
        from icld_site.two_factor.policy import register_personal_data

        from . import demo, demo_requests, digests, signals, subscriptions
        from .models import (
            ContactMessageLog,
            ContactPerson,
            Country,
            Organisation,
            PartnerRequest,
            Partnership,
            ThematicArea,
        )
        from .models.addresses import connect_signals
        from .sitemaps import SITEMAPS

        signals.connect_signals()
        connect_signals()
        # Contacts' details, the messages sent to them, and partner requests name people.
        register_personal_data(ContactPerson, ContactMessageLog, PartnerRequest)
        # The database pages, the programme page's figures and country list show them all.
        retire_pages_on_change(Country, Organisation, ThematicArea, ContactPerson, Partnership)
        register_search_group(
            SearchGroup(
                kind="partnerships",
                label=_("Partnerships"),
                order=20,
                search=lambda query: Partnership.objects.public().search(query).with_related(),
                result_template="partners/includes/search_result.html",
            )
        )
        register_sitemaps(SITEMAPS)
        register_topic(subscriptions.TOPIC)
        register_demo_step(DemoStage.REFERENCE_DATA, demo.load_countries)
        register_demo_step(DemoStage.CONTENT, demo.load_partnerships)
        register_demo_step(DemoStage.CONTENT, demo_requests.load_partner_requests)
        register_demo_step(DemoStage.LINKS, demo.date_changes)
        register_notifier(digests.search_digests)
