"""News by e-mail (icld_site.subscriptions): all news, or the news of one category, as each
article is published or in a weekly digest. params: "" or "category=<Swedish slug>"."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from icld_site.models import Subscription
from icld_site.subscriptions import Topic, page_address

from .models import CATEGORY_PARAMETER, NewsCategory, NewsIndexPage


def category_of(params):
    """The category `params` names, or None for all news."""
    slug = QueryDict(params).get(CATEGORY_PARAMETER, "")
    return NewsCategory.objects.with_slug(slug).first() if slug else None


def clean_params(query):
    slug = (query.get(CATEGORY_PARAMETER) or "").strip()
    if not slug:
        return ""
    category = NewsCategory.objects.with_slug(slug).first()
    if category is None:
        raise ValidationError("Unknown news category.")
    # The Swedish slug always exists and does not change with the visitor's language.
    return urlencode({CATEGORY_PARAMETER: category.slug_sv})


def describe(params, language):
    with translation.override(language):
        category = category_of(params)
        if category is None:
            return _("All news")
        return _("News in the category %(category)s") % {"category": category.name}


def page_url(params, language):
    category = category_of(params)
    index = NewsIndexPage.objects.live().public().first()
    with translation.override(language):
        query = urlencode({CATEGORY_PARAMETER: category.slug}) if category else ""
    return page_address(index, language, query)


TOPIC = Topic(
    name="news",
    label=gettext_lazy("News"),
    clean_params=clean_params,
    describe=describe,
    page_url=page_url,
    frequencies=(Subscription.Frequency.WEEKLY, Subscription.Frequency.IMMEDIATE),
)
