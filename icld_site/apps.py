from django.apps import AppConfig


class IcldSiteConfig(AppConfig):
    name = "icld_site"
    verbose_name = "ICLD site"

    def ready(self):
        from . import routing
        from .cache import connect_signals

        connect_signals()
        # After wagtail_modeltranslation's ready(), which patched the page models.
        routing.install()
