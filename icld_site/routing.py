"""Page routing by translated slug, in one query.

wagtail-modeltranslation replaces route() on every translated page model with one that
loads every child page to compare slugs in Python: with 1,000 news articles that was 0.7 s
of every article request. `route` finds the child in SQL instead, with the same language
fallback (a page without a slug of its own in the active language answers at the slug of
the language it falls back to). A routable page tries its own sub-URLs before its
children, as modeltranslation's route() does.

`site_root_paths`, which page URLs are built from, is read once per language and request.

`CachedSiteMiddleware` gives a public page's request its Wagtail site, with the site's root
page already loaded as its own type, from the content cache: Wagtail would otherwise ask
the database for the site, its root page and that page's type on every request.

`ViewRestrictionsFromCache` (a mixin of every page model) and `PublicFromCache` (of page
querysets) know from the content cache which pages carry a view restriction, usually none:
a page below none of them has no restriction to check, and a list of pages nothing to
exclude, without the two queries a page and the one query a list would cost.
"""

from asgiref.local import Local
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.signals import request_finished, request_started
from django.db.models import Q, prefetch_related_objects
from django.http import Http404
from django.utils import translation
from modeltranslation.utils import resolution_order
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageManager, PageViewRestriction, Site, get_page_models
from wagtail.query import PageQuerySet
from wagtail.url_routing import RouteResult
from wagtail_modeltranslation import patch_wagtailadmin
from wagtail_modeltranslation.patch_wagtailadmin import _new_route as modeltranslation_route

from .cache import content_cached


def translated_slug(slug):
    """Pages whose slug, as the active language resolves it, is `slug`."""
    condition, earlier_empty = Q(), Q()
    for language in resolution_order(translation.get_language() or settings.LANGUAGE_CODE):
        field = f"slug_{language}"
        condition |= earlier_empty & Q(**{field: slug})
        earlier_empty &= Q(**{field: ""}) | Q(**{f"{field}__isnull": True})
    return condition


def route(page, request, path_components):
    if not path_components:
        return modeltranslation_route(page, request, path_components)
    if isinstance(page, RoutablePageMixin) and page.live:
        # A routable page's own sub-URLs come before its children, as in modeltranslation.
        try:
            view, args, kwargs = page.resolve_subpage("/" + "/".join(path_components) + "/")
            return RouteResult(page, args=(view, args, kwargs))
        except Http404:
            pass
    child = child_at(page, path_components[0])
    if child is None:
        raise Http404
    # Routing has the parent at hand: treebeard's get_parent() keeps it here, so a page that
    # shows its parent (an article, its news index) does not load it again.
    child._cached_parent_obj = page
    return child.route(request, path_components[1:])


def child_at(page, slug):
    """The child of `page` at `slug` in the active language, as its specific class.

    The sections below a site's home page, which nearly every request passes through, and
    the pages below those sections come from the content cache: which children `page` has,
    in one entry per language, and each child in an entry of its own, so that a request
    reads the one child it passes through. Not the children of a page that takes one page
    type only (the news index and its articles, any number of them): one query finds the
    one asked for."""
    children = cached_children(page)
    if children is not None:
        found = next((child.page() for child in children if child.slug == slug), None)
        if found is not None:
            return found
    return _child_at(page, slug)


class CachedChild:
    """What routing and lists need to know of a child page without loading it; `page()`
    loads it, as its specific class, from the content cache."""

    def __init__(self, page):
        self.pk = page.pk
        self.slug = page.slug
        self.live = page.live
        self.path = page.path
        self.content_type_id = page.content_type_id

    @property
    def specific_class(self):
        return ContentType.objects.get_for_id(self.content_type_id).model_class()

    def page(self):
        """The page, or None if it is gone (a draft, deleted without retiring the cache)."""
        (child,) = content_cached(
            f"child:{self.pk}:{translation.get_language()}", lambda: (_specific_child(self.pk),)
        )
        return child


def cached_children(page):
    """A CachedChild for each child of `page`, in tree order, when child_at takes them from
    the content cache; else None."""
    # (Without the content cache, one query for the one child costs less than all of them.)
    if (
        settings.CONTENT_CACHE_SECONDS > 0
        and page.depth <= SITE_ROOT_DEPTH + 1
        and len(type(page).allowed_subpage_models()) > 1
    ):
        return content_cached(
            f"children:{page.pk}:{translation.get_language()}",
            lambda: [
                CachedChild(child)
                for child in page.get_children().only("slug", "live", "path", "content_type")
            ],
        )
    return None


def _specific_child(pk):
    """The page `pk` as its specific class, with the inline content its model names in
    `prefetch_when_routed` (the programme page's rounds, documents, …), loaded with it."""
    child = Page.objects.filter(pk=pk).first()
    if child is None:
        return None
    child = child.specific
    prefetch_related_objects([child], *getattr(child, "prefetch_when_routed", ()))
    return child


def live_public_children(page, model):
    """The live, public children of `page` of type `model`, in tree order: from the content
    cache where cached_children has them, else in one query."""
    children = cached_children(page)
    if children is None:
        return model.objects.child_of(page).live().public().order_by("path")
    restricted = restricted_paths()
    found = (
        child.page()
        for child in children
        if issubclass(child.specific_class, model)
        and child.live
        and not child.path.startswith(restricted)
    )
    return [child for child in found if child is not None]


# The depth of a site's home page: the tree's root is 1.
SITE_ROOT_DEPTH = 2


def _child_at(page, slug):
    """The child of `page` at `slug` in the active language, as its specific class.

    A parent that allows one page type below it (the news index) is asked in one query of
    that type; otherwise, or when that finds nothing (a page created before the rule),
    the child is found among all children and then loaded as its own type.
    """
    condition = translated_slug(slug)
    allowed = type(page).allowed_subpage_models()
    if len(allowed) == 1:
        child = allowed[0].objects.child_of(page).filter(condition).first()
        if child is not None:
            return child
    child = page.get_children().filter(condition).first()
    return child.specific if child is not None else None


# {language: the sites' root paths} while a request is being answered, per thread or task.
_during_request = Local()


def _request_started(**kwargs):
    _during_request.site_root_paths = {}
    _during_request.restricted_paths = []


def _request_finished(**kwargs):
    _during_request.site_root_paths = None
    _during_request.restricted_paths = None


def site_root_paths(page, request=None):
    """The sites' root paths in the active language, read once per language and request.

    modeltranslation keeps one language's paths on the request (or on the page, when a URL
    is asked for without the request) and reads them from the cache again whenever the
    language changes: the language links, which render the page's URL in Swedish and in
    English, cost a cache round trip per language and link. Kept for every language and
    for the whole request, it is one per language. Outside requests (commands), each page
    keeps its own.
    """
    by_language = getattr(_during_request, "site_root_paths", None)
    if by_language is None:
        holder = request if request is not None else page
        by_language = holder.__dict__.setdefault("_site_root_paths_by_language", {})
    language = translation.get_language()
    if language not in by_language:
        # Under the content generation, which a change of site or of a page's address
        # bumps, as it retires Wagtail's own entry.
        by_language[language] = content_cached(
            f"site-root-paths:{language}", patch_wagtailadmin._localized_site_get_site_root_paths
        )
    if request is not None:
        # Where Wagtail keeps them on a request, and where its redirect creation (a slug
        # changed) reads them back.
        request._wagtail_cached_site_root_paths = by_language[language]
    return by_language[language]


def restricted_paths():
    """The tree paths of the pages that carry a view restriction, per state of the content
    (a change to a restriction retires it, icld_site.cache); read once per request."""
    memo = getattr(_during_request, "restricted_paths", None)
    if memo:
        return memo[0]
    paths = content_cached(
        "view-restricted-paths",
        lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )
    if memo is not None:
        memo.append(paths)
    return paths


class ViewRestrictionsFromCache:
    """For page models: no query for the restrictions of a page that no restriction covers."""

    def get_view_restrictions(self):
        # An alias takes its source page's restrictions: Wagtail looks those up.
        if self.alias_of_id is None and not self.path.startswith(restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class PublicFromCache:
    """For page querysets: public() excludes nothing, without a query, when no page carries
    a view restriction."""

    def private_q(self):
        return super().private_q() if restricted_paths() else Q(pk__in=[])


class PageQuerySetFromCache(PublicFromCache, PageQuerySet):
    pass


# For page models without a queryset of their own.
PageManagerFromCache = PageManager.from_queryset(PageQuerySetFromCache)


def _site_with_root(request):
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    # content_cached stores no None: a host without a site is kept as an empty tuple.
    return (site,) if site is not None else ()


class CachedSiteMiddleware:
    """The site of a request for a public page, from the content cache (see above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(settings.PAGE_CACHE_PATH_PREFIXES):
            # As Wagtail matches it: the host as sent (ALLOWED_HOSTS is checked elsewhere).
            host, port = request._get_raw_host(), request.get_port()
            found = content_cached(f"site:{host}:{port}", lambda: _site_with_root(request))
            request._wagtail_site = found[0] if found else None
        return self.get_response(request)


def install():
    """Put `route` and `site_root_paths` in place of modeltranslation's on every page model
    that has them."""
    request_started.connect(_request_started, dispatch_uid="site-root-paths-started")
    request_finished.connect(_request_finished, dispatch_uid="site-root-paths-finished")
    for model in get_page_models():
        if model.route is modeltranslation_route:
            model.route = route
        if model._get_site_root_paths is patch_wagtailadmin._new_get_site_root_paths:
            model._get_site_root_paths = site_root_paths
