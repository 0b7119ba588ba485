import datetime
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from wagtail.models import Page

from news.models import ArticleLanguage, NewsArticlePage, NewsCategory, NewsIndexPage

BATCH_SIZE = 1000
PREFIX = "synthetic"


def body(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


class Command(BaseCommand):
    help = (
        "Create many synthetic news articles below the news index (for performance work). "
        "The first is added the ordinary way; the rest are inserted in bulk with tree paths "
        "computed as treebeard would, which is hundreds of times faster. Slugs start with "
        "'synthetic-'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="Articles to create.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed.")

    def handle(self, *args, count, seed=1, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        index = NewsIndexPage.objects.first()
        if index is None:
            raise CommandError("No news index; run load_demo_content first.")
        rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
        started = time.monotonic()
        run = f"{PREFIX}-{seed}-{int(time.time())}"
        categories = list(NewsCategory.objects.values_list("pk", flat=True))
        with translation.override("sv"), transaction.atomic():
            template = self.add_first(index, run, rng)
            articles = [self.article(template, run, number, rng) for number in range(1, count)]
            self.insert(index, template, articles, categories, rng)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {count} news articles in {time.monotonic() - started:.1f} s."
            )
        )

    def values(self, run, number, rng):
        day = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(0, 5800))
        return {
            "slug": f"{run}-{number}",
            "slug_sv": f"{run}-{number}",
            "slug_en": f"{run}-{number}",
            "title": f"Syntetisk nyhet {number}",
            "title_sv": f"Syntetisk nyhet {number}",
            "title_en": f"Synthetic news item {number}",
            "draft_title": f"Syntetisk nyhet {number}",
            "date": day,
            "teaser_sv": f"Genererad nyhet nummer {number} för prestandamätning.",
            "teaser_en": f"Generated news item number {number} for performance measurement.",
            "body_sv": body("Genererad brödtext. " * 20),
            "body_en": body("Generated body text. " * 20),
            "languages": ArticleLanguage.BOTH,
        }

    def add_first(self, index, run, rng):
        page = NewsArticlePage(**self.values(run, 0, rng))
        index.add_child(instance=page)
        page.save_revision().publish()
        return page

    def article(self, template, run, number, rng):
        values = self.values(run, number, rng)
        published = timezone.make_aware(
            datetime.datetime.combine(values["date"], datetime.time(9, 0))
        )
        return NewsArticlePage(
            **values,
            content_type_id=template.content_type_id,
            locale_id=template.locale_id,
            depth=template.depth,
            numchild=0,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            url_path=template.get_parent().url_path + values["slug_sv"] + "/",
            url_path_sv=template.get_parent().url_path_sv + values["slug_sv"] + "/",
            url_path_en=template.get_parent().url_path_en + values["slug_en"] + "/",
        )

    def insert(self, index, template, articles, categories, rng):
        """Insert the Page rows, then the NewsArticlePage rows that point at them.

        Django's bulk_create refuses multi-table inheritance, so the two tables are
        filled one after the other, each with multi-row inserts."""
        last = index.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :])
        for offset, article in enumerate(articles, start=1):
            article.path = Page._get_path(index.path, index.depth + 1, step + offset)
        page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        article_fields = NewsArticlePage._meta.local_concrete_fields
        through = NewsArticlePage.categories.through
        for start in range(0, len(articles), BATCH_SIZE):
            batch = articles[start : start + BATCH_SIZE]
            Page.objects._insert(batch, fields=page_fields, using=connection.alias)
            ids = dict(
                Page.objects.filter(path__in=[a.path for a in batch]).values_list("path", "pk")
            )
            for article in batch:
                article.pk = article.page_ptr_id = article.id = ids[article.path]
            NewsArticlePage.objects._insert(batch, fields=article_fields, using=connection.alias)
            through.objects.bulk_create(
                through(newsarticlepage_id=article.pk, newscategory_id=category)
                for article in batch
                for category in rng.sample(categories, min(2, len(categories)))
            )
            self.stdout.write(f"Articles: {start + len(batch)}/{len(articles) + 1}")
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(articles))
