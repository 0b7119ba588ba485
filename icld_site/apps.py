from django.apps import AppConfig


class IcldSiteConfig(AppConfig):
    name = "icld_site"
    verbose_name = "ICLD site"

    def ready(self):
        from . import routing, spreadsheets
        from .cache import connect_signals

        connect_signals()
        spreadsheets.install()
        # After wagtail_modeltranslation's ready(), which patched the page models.
        routing.install()
