from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        # Imported here, not at the top: the demo module needs a ready app registry.
        from icld_site.demo import DemoStage, register_demo_step
        from icld_site.subscriptions import register_notifier, register_topic

        from . import demo, reminders, subscriptions

        register_demo_step(DemoStage.PAGES, demo.load_pages)
        register_topic(subscriptions.TOPIC)
        register_notifier(reminders.round_reminders)
