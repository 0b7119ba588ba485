"""RSS 2.0 and Atom feeds of the news, in the language of the URL, for all news or one category."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import NewsArticlePage, NewsCategory, NewsIndexPage

FEED_LENGTH = 20


class NewsFeed(Feed):
    url_name = "news_feed_rss"

    @classmethod
    def as_view(cls):
        """A fresh feed per request, so the request kept for page URLs is never shared."""

        def view(request, *args, **kwargs):
            return cls()(request, *args, **kwargs)

        return view

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes the document in hundreds of small pieces, and the
        # server would send each as a packet of its own: send it in one.
        response.content = response.content
        return response

    def get_object(self, request, category=None):
        self.request = request
        if category is None:
            return None
        found = NewsCategory.objects.with_slug(category).first()
        if found is None:
            raise Http404(_("Unknown category"))
        return found

    def title(self, category):
        title = _("News – Municipal Partnership")
        return f"{title}: {category.name}" if category else title

    def description(self, category):
        return _("News from the Municipal Partnership programme at ICLD.")

    subtitle = description  # Atom's name for the description

    def link(self, category):
        index = NewsIndexPage.objects.live().first()
        url = index.get_url(request=self.request) if index else "/"
        return f"{url}?category={category.slug}" if category else url

    def feed_url(self, category):
        if category:
            return reverse(f"{self.url_name}_category", kwargs={"category": category.slug})
        return reverse(self.url_name)

    def items(self, category):
        articles = NewsArticlePage.objects.live().public().newest().for_listing()
        if category:
            articles = articles.in_category(category)
        return articles[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.teaser

    def item_link(self, article):
        return article.get_url(request=self.request)

    def item_pubdate(self, article):
        return timezone.make_aware(datetime.datetime.combine(article.date, datetime.time()))

    def item_updateddate(self, article):
        return article.last_published_at

    def item_categories(self, article):
        return [category.name for category in article.categories.all()]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    url_name = "news_feed_atom"
