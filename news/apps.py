from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from . import signals  # noqa: F401
        from .models import NewsIndexPage, route_to_article

        # wagtail-modeltranslation replaces route() on every translated page model (in its
        # own ready(), which runs first) with one that loads every child page to compare
        # slugs in Python: with 1,000 articles that was 0.7 s of every article request.
        NewsIndexPage.route = route_to_article
