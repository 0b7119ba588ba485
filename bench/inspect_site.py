"""The in-process half of the benchmark: which URL stands for each page type, and how many
SQL queries each one needs.

Run by bench/run.py in a subprocess with the production settings and the benchmark's
database (page cache off); prints one JSON object on stdout.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icld_site.settings.production")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from news.models import NewsArticlePage  # noqa: E402
from partners.models import Country, Partnership, Region  # noqa: E402
from partners.pages import PartnershipDatabasePage  # noqa: E402

HOST = "127.0.0.1"


def page_urls():
    """One representative Swedish URL per public page type, found in the data."""
    with translation.override("sv"):
        article = NewsArticlePage.objects.live().public().newest().first()
        urls = {
            "home": "/sv/",
            "programme": "/sv/kommunalt-partnerskap/",
            "news index": "/sv/aktuellt/",
            "news article": article.get_url(),
            "feed": "/sv/feeds/news/rss/",
        }
        urls.update(database_urls())
    return {name: url for name, url in urls.items() if url}


def database_urls():
    """The partnership database's page types: the search page three ways, a partnership,
    and CSV exports of about 1,000 rows and of everything."""
    page = PartnershipDatabasePage.objects.live().first()
    if page is None:
        return {}
    base = page.url
    partnership = Partnership.objects.active().order_by("pk").first()
    # The filter whose result is closest to 1,000 rows: a region, a country, or a country
    # and a thematic area (with 100,000 partnerships a country alone has thousands).
    candidates = [
        (f"region={region}", Partnership.objects.in_region(region).count())
        for region in Region.values
    ]
    candidates += [
        (f"country={country.code}", Partnership.objects.filter(country=country).count())
        for country in Country.objects.all()
    ]
    candidates += [
        (f"country={row['country__code']}&area={row['thematic_areas__slug']}", row["count"])
        for row in Partnership.objects.filter(thematic_areas__isnull=False)
        .values("country__code", "thematic_areas__slug")
        .annotate(count=Count("pk"))
    ]
    about_1000 = min(candidates, key=lambda candidate: abs(candidate[1] - 1000))[0]
    return {
        "database": base,
        "database search": base + "?q=kommun",
        "database two filters": base + "?country=KE&status=active",
        "partnership detail": partnership.get_absolute_url(),
        "csv export": base + "export/csv/?" + about_1000,
        "csv export (all)": base + "export/csv/",
        "xlsx export (all)": base + "export/xlsx/",
    }


def count_queries(client, url):
    """Queries of a warm request (the second): what every visitor's request costs."""
    client.get(url, HTTP_HOST=HOST)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, HTTP_HOST=HOST)
        if getattr(response, "streaming", False):
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
    return {"status": response.status_code, "queries": len(context), "bytes": size}


def main():
    client = Client()
    urls = page_urls()
    results = {name: {"url": url, **count_queries(client, url)} for name, url in urls.items()}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
