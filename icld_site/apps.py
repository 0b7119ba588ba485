from django.apps import AppConfig


class IcldSiteConfig(AppConfig):
    name = "icld_site"
    verbose_name = "ICLD site"
