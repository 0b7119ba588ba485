import datetime
import hashlib
import json

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from icld_site.cache import content_cached

register = template.Library()


class ContentFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, when=None):
        self.nodelist, self.name, self.vary_on, self.when = nodelist, name, vary_on, when

    def render(self, context):
        # A preview shows a draft: its markup is its own, never kept for the public pages.
        is_preview = getattr(context.get("request"), "is_preview", False)
        if is_preview or (self.when is not None and not self.when.resolve(context)):
            return self.nodelist.render(context)
        varies = repr([translation.get_language(), *(v.resolve(context) for v in self.vary_on)])
        digest = hashlib.sha256(varies.encode()).hexdigest()[:32]
        return content_cached(
            f"fragment:{self.name}:{digest}", lambda: self.nodelist.render(context)
        )


@register.tag
def content_fragment(parser, token):
    """`{% content_fragment "name" value … [when=condition] %}…{% endcontent_fragment %}`: the
    enclosed markup, rendered once per language and values for each state of the site's
    content (see `content_cached`), for the chrome that many pages share (menu, footer) and
    for what shows the whole content the same to everyone (the database page before a
    search). What the markup shows must depend on nothing but the content, the language and
    the values given; with `when=`, only while the condition holds; otherwise, and in a
    preview, it is rendered afresh."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError(f"{bits[0]} needs a quoted name first")
    nodelist = parser.parse(("endcontent_fragment",))
    parser.delete_first_token()
    when = None
    if bits[-1].startswith("when="):
        when = parser.compile_filter(bits.pop().removeprefix("when="))
    vary_on = [parser.compile_filter(bit) for bit in bits[2:]]
    return ContentFragmentNode(nodelist, bits[1][1:-1], vary_on, when)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """The current page in every language: [{"code", "name", "url", "current"}].

    A view about one object (`object` in the context, e.g. a route of a page) links to its
    get_absolute_url(); Wagtail pages get their translated URL (translated slugs); other
    views (feeds) are translated through Django's URL resolver. The query string is kept,
    so a filtered search stays filtered in the other language.
    """
    request = context.get("request")
    if request is None:
        return []
    if getattr(request, "is_preview", False):
        versions = _language_versions(context, request)
    else:
        # The same for every request of a path, until the content changes.
        key = repr([translation.get_language(), request.get_host(), request.path])
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        versions = content_cached(
            f"language-versions:{digest}", lambda: _language_versions(context, request)
        )
    query = request.GET.urlencode()
    if not query:
        return versions
    return [
        {**version, "url": f"{version['url']}?{query}"} if version["url"] else version
        for version in versions
    ]


def _language_versions(context, request):
    page = context.get("page")
    shown = context.get("object")
    current = translation.get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            if hasattr(shown, "get_absolute_url"):
                url = shown.get_absolute_url()
            elif isinstance(page, Page) and page.pk:
                url = page.get_url(request=request)
            else:
                url = translate_url(request.path, code)
            name = translation.get_language_info(code)["name_local"]
        versions.append({"code": code, "name": name, "url": url, "current": code == current})
    return versions


# The menu reaches two levels below the home page: the sections, and pages directly under
# them that deserve a place of their own (the partnership database under the programme).
MENU_DEPTH = 2


def site_and_menu_pages(request):
    """(the request's site, the pages of its main menu in tree order), or (None, [])."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None, []
    # The menu and the breadcrumbs both need them: looked up once per request.
    if not hasattr(request, "_main_menu_pages"):
        root = site.root_page
        request._main_menu_pages = content_cached(
            f"main-menu:{site.pk}",
            lambda: list(
                Page.objects.descendant_of(root)
                .filter(depth__lte=root.depth + MENU_DEPTH)
                .live()
                .public()
                .in_menu()
                .order_by("path")
                .specific()
            ),
        )
    return site, request._main_menu_pages


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The pages marked "show in menus" near the top of the site, in tree order.

    Each item is {"label", "url", "current"}; `current` is "page" on the item's own address,
    "true" anywhere else in its section (the deepest item that holds the page), else None.
    """
    request = context.get("request")
    _site, pages = site_and_menu_pages(request)
    current_page = context.get("page")
    section = None
    if isinstance(current_page, Page):
        holding = [page for page in pages if current_page.path.startswith(page.path)]
        section = max(holding, key=lambda page: page.depth, default=None)
    items = []
    for page in pages:
        url = page.get_url(request=request)
        current = None
        if page == section:
            current = "page" if request.path == url else "true"
        label = getattr(page, "menu_label", page.title)
        items.append({"label": label, "url": url, "current": current})
    return items


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


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The trail from the home page to where the visitor is, below the home page only.

    The trail runs through the current page's ancestors; a view that shows something of its
    own (a route's partnership, the search) names it in `breadcrumb_current`, and the page
    that serves it then becomes a link too.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"trail": []}
    root = site.root_page
    page = context.get("page")
    is_below_root = isinstance(page, Page) and page.pk and page.depth > root.depth
    if is_below_root and page.path.startswith(root.path):
        pages = [root, *ancestors_below(root, page, request), page]
    else:
        pages = [root]
    trail = [
        {"label": _("Home") if crumb.pk == root.pk else crumb.title, "page": crumb}
        for crumb in pages
    ]
    if context.get("breadcrumb_current"):
        trail.append({"label": context["breadcrumb_current"], "url": request.path})
    for crumb in trail:
        crumb["url"] = crumb.get("url") or crumb["page"].get_url(request=request)
    if len(trail) < 2:
        return {"trail": []}
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "name": str(crumb["label"]),
            "item": request.build_absolute_uri(crumb["url"]),
        }
        for position, crumb in enumerate(trail, start=1)
    ]
    structured = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    }
    return {"trail": trail, "structured_data": json_script_data(structured)}


def ancestors_below(root, page, request):
    """The page's ancestors strictly between `root` and the page, in order. Near the top of
    the site they are menu pages already at hand; a query is made only for deeper pages."""
    step = page.steplen
    paths = [page.path[:end] for end in range(len(root.path) + step, len(page.path), step)]
    if not paths:
        return []
    known = {known.path: known for known in site_and_menu_pages(request)[1]}
    if any(path not in known for path in paths):
        known = {found.path: found for found in Page.objects.filter(path__in=paths)}
    return [known[path] for path in paths if path in known]


def json_script_data(data):
    """JSON that is safe inside a <script> element (as Django's json_script makes it)."""
    text = json.dumps(data, ensure_ascii=False)
    for character, escape in (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026")):
        text = text.replace(character, escape)
    return mark_safe(text)  # noqa: S308 - every markup character is escaped above


# The pages of SiteSettings linked from every footer, in the order shown.
SETTING_PAGES = ("accessibility_statement", "privacy_notice")


def setting_pages(context):
    """{field: page} of the site settings' pages, fetched once per request in one query."""
    proxy = context.get("settings")
    # The proxy is a dict filled as it is read: empty, so falsy, before the first read.
    site_settings = proxy["icld_site"]["SiteSettings"] if proxy is not None else None
    if not site_settings:
        return {}
    cached = getattr(site_settings, "_setting_pages", None)
    if cached is None:
        ids = {name: getattr(site_settings, f"{name}_id") for name in SETTING_PAGES}
        found = Page.objects.filter(pk__in=[pk for pk in ids.values() if pk]).in_bulk()
        cached = {name: found[pk] for name, pk in ids.items() if pk in found}
        site_settings._setting_pages = cached
    return cached


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The accessibility statement and the privacy notice, where set, for the footer."""
    pages = setting_pages(context)
    return [pages[name] for name in SETTING_PAGES if name in pages]


@register.simple_tag(takes_context=True)
def privacy_notice(context):
    """The privacy notice page, or None: forms that collect personal data link to it."""
    return setting_pages(context).get("privacy_notice")


@register.simple_tag
def local_date(day):
    """A date in the visitor's language, in a <time> element: 2016-10-14 in Swedish,
    14 October 2016 in English. (A tag rather than an included template: lists show one
    per item; formatted here rather than by the date filter, which builds a formatter and
    looks up the language's formats for each.)"""
    if not day:  # a draft's empty date, in a preview: nothing, as the date filter shows
        return ""
    # A moment is shown as the site's day, as the date filter does in a template.
    day = timezone.template_localtime(day)
    if isinstance(day, datetime.datetime):
        day = day.date()
    iso = day.isoformat()
    shown = (
        iso if translation.get_language() == "sv" else f"{day.day} {MONTHS[day.month]} {day.year}"
    )
    return format_html('<time datetime="{}">{}</time>', iso, shown)
