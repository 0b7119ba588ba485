"""Helpers that let each app's demo content be loaded idempotently.

Objects are found by a stable key (a slug, a code). A missing object is created;
an existing one is left exactly as an editor left it, unless `reset` is set, in
which case the demo values are written back.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import IntEnum

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page, Site

# How long before loading the demo pages say their content last changed.
CONTENT_AGE = timedelta(days=30)


@dataclass
class DemoLoader:
    reset: bool = False
    created: int = 0
    updated: int = 0
    started_at: datetime = field(default_factory=timezone.now)

    @property
    def content_changed_at(self):
        """When the demo's pages say they last changed: a working morning before loading."""
        day = timezone.localdate(self.started_at) - CONTENT_AGE
        return timezone.make_aware(datetime.combine(day, time(9)))

    def upsert(self, model, lookup, values):
        """Create `model(**lookup, **values)` unless it exists; on reset, rewrite `values`."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model._default_manager.create(**lookup, **values)
            self.created += 1
        elif self.reset:
            for name, value in values.items():
                setattr(obj, name, value)
            obj.save()
            self.updated += 1
        return obj

    def home(self):
        """The default site's home page, under which the demo tree is built."""
        return Site.objects.get(is_default_site=True).root_page.specific

    def page(self, parent, page_class, slug, values):
        """A child page of `parent` with Swedish slug `slug`, published on creation."""
        existing = parent.get_children().filter(slug_sv=slug).first()
        if existing is not None:
            page = existing.specific
            if self.reset:
                for name, value in values.items():
                    setattr(page, name, value)
                page.save_revision().publish()
                self.updated += 1
            return page
        page = page_class(slug_sv=slug, slug=slug, **values)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page


def prepare_root():
    """Give Wagtail's root page its translated fields and remove the default welcome page.

    The root and the welcome page exist before modeltranslation's columns do, so their
    English URL paths are empty and every page below them would have no English URL.
    """
    root = Page.get_first_root_node()
    for page in root.get_children().filter(content_type__model="page"):
        page.delete()
    # A plain update: saving the root would re-save (and validate) every descendant.
    Page.objects.filter(pk=root.pk).update(
        title_sv="Root",
        title_en="Root",
        slug_sv="root",
        slug_en="root",
        url_path_sv="/",
        url_path_en="/",
    )
    return Page.objects.get(pk=root.pk)


def set_default_site(root_page):
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname = site.hostname or "localhost"
    site.port = site.port or 80
    site.site_name = "Kommunalt Partnerskap"
    site.root_page = root_page
    site.save()
    return site


class DemoStage(IntEnum):
    """When an app's demo step runs: each stage may refer to what earlier stages built."""

    REFERENCE_DATA = 10  # countries, regions, thematic areas
    PAGES = 20  # the page tree below the home page
    CONTENT = 30  # news articles, partnerships
    LINKS = 40  # links between the content of different apps


_steps = []


def register_demo_step(stage, step):
    """Apps register their demo steps in AppConfig.ready(); `step(loader)` builds one part."""
    if (stage, step) not in _steps:
        _steps.append((stage, step))


def demo_steps():
    # Sorting is stable: steps of one stage run in the order the apps registered them.
    return [step for _stage, step in sorted(_steps, key=lambda entry: entry[0])]


def date_publications(loader):
    """Pages published by this run carry the date their content states, not the loader's.

    An article keeps its own first publication (its date in the seed); other pages say they
    changed `CONTENT_AGE` before loading. "Last updated" then never shows the day of loading.
    """
    published_now = Page.objects.filter(last_published_at__gte=loader.started_at)
    dated = published_now.filter(first_published_at__lt=loader.started_at)
    dated.update(last_published_at=F("first_published_at"))
    published_now.update(
        first_published_at=loader.content_changed_at, last_published_at=loader.content_changed_at
    )


def run_steps(loader):
    with transaction.atomic():
        for step in demo_steps():
            step(loader)
        date_publications(loader)
    return loader
