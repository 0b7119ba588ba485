from django.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site


class PageSitemap(Sitemap):
    """Every live, public page in Swedish and English, each with its hreflang alternates."""

    i18n = True
    alternates = True

    def items(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return Page.objects.none()
        return (
            site.root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
            .only(
                "id",
                "path",
                "depth",
                "url_path",
                "url_path_sv",
                "url_path_en",
                "last_published_at",
                "content_type_id",
            )
        )

    def location(self, page):
        return page.get_url()

    def lastmod(self, page):
        return page.last_published_at


# The sitemap index at /sitemap.xml lists one sitemap per section; apps register theirs in
# AppConfig.ready().
SITEMAPS = {"pages": PageSitemap}


def register_sitemaps(sitemaps):
    SITEMAPS.update(sitemaps)
