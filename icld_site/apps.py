from django.apps import AppConfig


class IcldSiteConfig(AppConfig):
    name = "icld_site"
    verbose_name = "ICLD site"

    def ready(self):
        from django.contrib.auth import get_user_model

        from . import routing, spreadsheets
        from .cache import connect_signals
        from .models import OutgoingMessage, Subscriber, Subscription
        from .two_factor import signin
        from .two_factor.policy import register_personal_data

        connect_signals()
        signin.connect_signals()
        # Users' e-mail addresses, subscribers, and the messages waiting for them.
        register_personal_data(get_user_model(), Subscriber, Subscription, OutgoingMessage)
        spreadsheets.install()
        # After wagtail_modeltranslation's ready(), which patched the page models.
        routing.install()
