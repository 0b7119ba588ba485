from django.urls import path

from .feeds import NewsAtomFeed, NewsFeed

# Inside i18n_patterns: /sv/feeds/news/rss/ is the Swedish feed, /en/feeds/news/rss/ the English.
rss, atom = NewsFeed.as_view(), NewsAtomFeed.as_view()
urlpatterns = [
    path("feeds/news/rss/", rss, name="news_feed_rss"),
    path("feeds/news/atom/", atom, name="news_feed_atom"),
    path("feeds/news/<slug:category>/rss/", rss, name="news_feed_rss_category"),
    path("feeds/news/<slug:category>/atom/", atom, name="news_feed_atom_category"),
]
