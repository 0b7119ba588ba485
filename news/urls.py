from django.urls import path

from .feeds import NewsAtomFeed, NewsFeed

# Inside i18n_patterns: /sv/feeds/news/rss/ is the Swedish feed, /en/feeds/news/rss/ the English.
urlpatterns = [
    path("feeds/news/rss/", NewsFeed.as_view(), name="news_feed_rss"),
    path("feeds/news/atom/", NewsAtomFeed.as_view(), name="news_feed_atom"),
    path("feeds/news/<slug:category>/rss/", NewsFeed.as_view(), name="news_feed_rss_category"),
    path(
        "feeds/news/<slug:category>/atom/", NewsAtomFeed.as_view(), name="news_feed_atom_category"
    ),
]
