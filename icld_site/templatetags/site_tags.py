from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, Site

from icld_site.cache import content_cached

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The current page in every language: [{"code", "name", "url", "current"}].

    Wagtail pages get their translated URL (translated slugs); other views (feeds,
    database detail pages) are translated through Django's URL resolver. The query
    string is kept, so a filtered search stays filtered in the other language.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    query = request.GET.urlencode()
    current = translation.get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if isinstance(page, Page) and page.pk:
                url = page.get_url(request=request)
            else:
                url = translate_url(request.path, code)
            name = translation.get_language_info(code)["name_local"]
        if url and query:
            url = f"{url}?{query}"
        versions.append({"code": code, "name": name, "url": url, "current": code == current})
    return versions


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The site's top-level pages marked "show in menus", in tree order."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    root = site.root_page
    return content_cached(
        f"main-menu:{site.pk}", lambda: [root, *root.get_children().live().in_menu()]
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request and url else url


# Fields that describe a page, in order of preference, when no search description is set.
DESCRIPTION_FIELDS = ("search_description", "teaser", "intro", "what")


@register.simple_tag(takes_context=True)
def page_description(context, length=160):
    """A plain-text description of the page for search engines and link previews."""
    page = context.get("page")
    for name in DESCRIPTION_FIELDS:
        text = strip_tags(str(getattr(page, name, "") or "")).strip()
        if text:
            return Truncator(" ".join(text.split())).chars(length)
    return ""
