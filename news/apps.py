from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        # Imported here, not at the top: models and signal handlers need a ready app registry.
        from wagtail.signals import page_published

        from icld_site.cache import retire_pages_on_change
        from icld_site.demo import DemoStage, register_demo_step
        from icld_site.search import SearchGroup, register_search_group
        from icld_site.subscriptions import register_notifier, register_topic

        from . import alerts, demo, signals, subscriptions  # noqa: F401
        from .models import NewsArticlePage, NewsCategory

        # Category names and filters appear on the news pages and in the latest news.
        retire_pages_on_change(NewsCategory)
        register_search_group(
            SearchGroup(kind="news", label=_("News"), order=10, page_type=NewsArticlePage)
        )
        register_demo_step(DemoStage.CONTENT, demo.load_news)
        register_topic(subscriptions.TOPIC)
        register_demo_step(DemoStage.LINKS, demo.link_partnerships)
        page_published.connect(
            alerts.queue_alert_on_first_publication,
            sender=NewsArticlePage,
            dispatch_uid="news-alert-on-first-publication",
        )
        register_notifier(alerts.news_digest)
