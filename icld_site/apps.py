from django.apps import AppConfig


class IcldSiteConfig(AppConfig):
    name = "icld_site"
    verbose_name = "ICLD site"

    def ready(self):
        from .cache import connect_signals

        connect_signals()
