from django import template

from news.models import NewsArticlePage

register = template.Library()


@register.inclusion_tag("news/includes/related_news.html", takes_context=True)
def related_news(context, partnership):
    """The public news articles that mention `partnership`, newest first."""
    articles = (
        NewsArticlePage.objects.live()
        .public()
        .newest()
        .defer_streamfields()
        .filter(partnership_links__partnership=partnership)
    )
    return {"request": context.get("request"), "related_news": articles}
