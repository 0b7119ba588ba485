from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from icld_site.cache import retire_pages_on_change

        from . import signals  # noqa: F401
        from .models import NewsCategory

        # Category names and filters appear on the news pages and in the latest news.
        retire_pages_on_change(NewsCategory)
