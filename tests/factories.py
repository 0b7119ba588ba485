"""One factory per model the tests build (factory_boy and wagtail-factories).

Translated fields are given per language (`title_sv`, `title_en`, ...): modeltranslation
writes a bare `title` to the active language's column, which differs between tests.
"""

import datetime

import factory
import wagtail_factories
from django.contrib.auth.models import Group
from django.test import TestCase
from django.utils import timezone
from django.utils.text import slugify
from wagtail.rich_text import RichText

from news.models import EDITORS_GROUP, NewsArticlePage, NewsCategory, NewsIndexPage
from partners.models import (
    ContactPerson,
    Country,
    County,
    Organisation,
    OrganisationType,
    Partnership,
    Phase,
    Region,
    Status,
    ThematicArea,
)


class CountryFactory(factory.django.DjangoModelFactory):
    """A country by its code, the demo's own when it exists; names come from ISO 3166."""

    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "KE"
    region = Region.AFRICA


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea

    name_sv = factory.Sequence(lambda n: f"Testområde {n}")
    name_en = factory.Sequence(lambda n: f"Test area {n}")
    slug = factory.LazyAttribute(lambda area: slugify(f"test-{area.name_en or area.name_sv}"))


class SwedishOrganisationFactory(factory.django.DjangoModelFactory):
    """A Swedish member: a county and no country."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    organisation_type = OrganisationType.MUNICIPALITY
    county = County.DALARNA


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    """A local government in a partner country: a country and no county."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Local government {n}")
    organisation_type = OrganisationType.LOCAL_GOVERNMENT
    country = factory.SubFactory(CountryFactory)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    """An unpublished contact unless `is_published=True`, which also records the consent."""

    class Meta:
        model = ContactPerson

    name = factory.Sequence(lambda n: f"Kontakt {n}")
    organisation = factory.SubFactory(SwedishOrganisationFactory)
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    role_sv = "Samordnare"
    role_en = "Coordinator"
    is_published = False
    consent_date = factory.Maybe("is_published", datetime.date(2025, 1, 1), None)
    # Recent, so that a published contact is shown whatever the date the tests run on.
    last_verified = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


def _parental_many_to_many(name, default=None):
    """Sets a ParentalManyToManyField in memory, to `default(partnership)` when not given;
    the factory's closing save writes them all at once, so the partnership's search text is
    built with every side present."""

    def set_values(obj, create, extracted, **kwargs):
        if extracted is None and default is not None:
            extracted = default(obj)
        if extracted is not None:
            getattr(obj, name).set(extracted)

    set_values.__name__ = name
    return factory.PostGeneration(set_values)


class PartnershipFactory(factory.django.DjangoModelFactory):
    """An active project with both sides present, as the admin requires: a new Swedish
    municipality and a new local government in the partnership's country unless
    `swedish_organisations=[...]` or `partner_organisations=[...]` say who (`[]` for none).
    `thematic_areas=[...]` and `contacts=[...]` are empty unless given."""

    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    title_sv = factory.Sequence(lambda n: f"Testpartnerskap {n}")
    title_en = factory.Sequence(lambda n: f"Test partnership {n}")
    country = factory.SubFactory(CountryFactory)
    status = Status.ACTIVE
    phase = Phase.PROJECT
    start_year = 2020

    swedish_organisations = _parental_many_to_many(
        "swedish_organisations", lambda partnership: [SwedishOrganisationFactory()]
    )
    partner_organisations = _parental_many_to_many(
        "partner_organisations",
        lambda partnership: [PartnerOrganisationFactory(country=partnership.country)],
    )
    thematic_areas = _parental_many_to_many("thematic_areas")
    contacts = _parental_many_to_many("contacts")

    @classmethod
    def create(cls, **kwargs):
        # What waits for a commit (the search text, retiring cached pages) runs once the
        # partnership and its relations are saved, as after a real commit: the test's own
        # transaction never commits.
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().create(**kwargs)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsCategory

    name_sv = factory.Sequence(lambda n: f"Testkategori {n}")
    name_en = factory.Sequence(lambda n: f"Test category {n}")
    slug_sv = factory.LazyAttribute(lambda category: slugify(category.name_sv))
    slug_en = factory.LazyAttribute(lambda category: slugify(category.name_en))


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    """An article under the demo's news index, published through a revision as an editor
    would (`live=False` leaves a draft). Slugs are set in both languages: an empty `slug_en`
    leaves the English address unreachable (see DESIGN.md)."""

    class Meta:
        model = NewsArticlePage
        skip_postgeneration_save = True

    parent = factory.LazyFunction(NewsIndexPage.objects.get)
    title = factory.SelfAttribute("title_sv")
    title_sv = factory.Sequence(lambda n: f"Testnyhet {n}")
    title_en = factory.Sequence(lambda n: f"Test news {n}")
    slug = factory.SelfAttribute("slug_sv")
    slug_sv = factory.LazyAttribute(lambda article: slugify(article.title_sv))
    slug_en = factory.LazyAttribute(lambda article: slugify(article.title_en))
    teaser_sv = factory.Sequence(lambda n: f"Ingress {n}")
    teaser_en = factory.Sequence(lambda n: f"Teaser {n}")
    body_sv = factory.LazyFunction(lambda: [("paragraph", RichText("<p>Brödtext.</p>"))])
    body_en = factory.LazyFunction(lambda: [("paragraph", RichText("<p>Body text.</p>"))])
    date = datetime.date(2024, 1, 1)
    live = True

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        # Categories are a ParentalManyToManyField: given before the page's first save, they
        # are written with it and carried by its revision.
        categories = kwargs.pop("categories", ())
        instance = model_class(**kwargs)
        instance.categories = list(categories)
        parent.add_child(instance=instance)
        revision = instance.save_revision()
        if instance.live:
            revision.publish()
        return instance


class EditorFactory(factory.django.DjangoModelFactory):
    """A member of the editors' group, the programme team's role in the admin."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"redaktor{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Rita"
    last_name = "Redaktör"
    password = factory.django.Password("hemligt-lösenord")

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        if create:
            user.groups.add(*(extracted or [Group.objects.get(name=EDITORS_GROUP)]))
