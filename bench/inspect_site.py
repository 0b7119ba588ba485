"""The in-process half of the benchmark: which URL stands for each page type, and how many
SQL queries each one needs.

Run by bench/run.py in a subprocess with the production settings and the benchmark's
database (page cache off); prints one JSON object on stdout.
"""

import json
import os
import random
import re
import sys
import unicodedata
from collections import Counter
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
from partners.models import Country, Organisation, Partnership, Region  # noqa: E402
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
    words = search_words()
    about_1000 = min(candidates, key=lambda candidate: abs(candidate[1] - 1000))[0]
    return {
        "database": base,
        "database search": base + "?q=kommun",
        "database two filters": base + "?country=KE&status=active",
        # Each request of the benchmark asks for other words (bench/measurement.py).
        "distinct searches": {"url": base + "?q=" + words[0], "words": words},
        "partnership detail": partnership.get_absolute_url(),
        "csv export": base + "export/csv/?" + about_1000,
        "csv export (all)": base + "export/csv/",
        "xlsx export (all)": base + "export/xlsx/",
    }


SEARCH_WORD_COUNT = 1000
# Words of the data, as visitors would type them: a sample of the search vocabulary.
WORD = re.compile(r"[^\W\d_]{4,}")


def without_accents(word):
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def search_words(count=SEARCH_WORD_COUNT, sample=20000):
    """`count` search terms drawn from the partnerships' titles, descriptions and
    organisations: common words, rare ones (seen once or twice) and misspelled ones, written
    without their accents (malmo for Malmö), as visitors type them. A vocabulary smaller
    than `count` (synthetic data repeats itself) is topped up with pairs of its words.
    The same list for the same data."""
    frequency = Counter()
    rows = Partnership.objects.order_by("pk").values_list(
        "title_sv", "title_en", "description_sv", "description_en"
    )[:sample]
    for row in rows:
        for value in row:
            frequency.update(word.lower() for word in WORD.findall(value or ""))
    for name in Organisation.objects.values_list("name", flat=True):
        frequency.update(word.lower() for word in WORD.findall(name))
    rng = random.Random(1)  # noqa: S311 - a repeatable sample, not a secret
    by_count = [word for word, _n in frequency.most_common()]
    third = count // 3
    common = by_count[:third]
    rare = [word for word in by_count if frequency[word] <= 2]
    rare = rng.sample(rare, min(third, len(rare)))
    accented = [word for word in by_count if without_accents(word) != word]
    misspelled = [without_accents(word) for word in accented[:third]]
    words = list(dict.fromkeys(common + rare + misspelled + by_count))[:count]
    if not words:
        return ["kommun"]
    vocabulary = list(words)
    while len(words) < count:
        pair = f"{rng.choice(vocabulary)} {rng.choice(vocabulary)}"
        if pair not in words:
            words.append(pair)
    return words


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
    results = {}
    for name, url in urls.items():
        extra = url if isinstance(url, dict) else {"url": url}
        results[name] = {**extra, **count_queries(client, extra["url"])}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
