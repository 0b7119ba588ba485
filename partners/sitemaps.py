"""The database's own pages for the sitemap, in both languages: each partnership,
organisation and country at its get_absolute_url()."""

from django.contrib.sitemaps import Sitemap

from .models import Country, Organisation, Partnership


class DatabaseSitemap(Sitemap):
    i18n = True
    alternates = True
    model = None
    # Addresses per sitemap page (each in both languages): small enough to render quickly
    # at 100,000 partnerships; the index lists every page.
    limit = 5000

    def items(self):
        return self.model.objects.order_by("pk")

    def location(self, item):
        return item.get_absolute_url()


class PartnershipSitemap(DatabaseSitemap):
    model = Partnership

    def items(self):
        return Partnership.objects.public().order_by("pk")

    def lastmod(self, partnership):
        return partnership.updated_at


class OrganisationSitemap(DatabaseSitemap):
    model = Organisation


class CountrySitemap(DatabaseSitemap):
    model = Country


SITEMAPS = {
    "partnerships": PartnershipSitemap,
    "organisations": OrganisationSitemap,
    "countries": CountrySitemap,
}
