from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname, resolution_order
from wagtail.models import RevisionMixin

from icld_site.names import display_name

from ..search import area_key, rebuild, search
from .addresses import route_url
from .choices import (
    FIRST_YEAR,
    LAST_YEAR,
    PARTNER_ORGANISATION_TYPES,
    SWEDISH_ORGANISATION_TYPES,
    Phase,
    Status,
)
from .contacts import ContactPerson
from .geography import Country
from .organisations import Organisation
from .slugs import unique_slug
from .thematic_areas import ThematicArea

# How long an entry seeking a partner stays listed before it must be renewed.
SEEKING_PERIOD = relativedelta(months=12)
# A partnership in one of these is news to someone watching a search of the database
# (saved-search digests): it is under way, or it is looking for a partner.
LISTED_STATUSES = (Status.ACTIVE, Status.SEEKING_PARTNER)
# The status of an instance whose stored status is not known without asking the database.
_UNKNOWN = object()


class PartnershipQuerySet(models.QuerySet):
    def public(self):
        """What the public site, its exports, API and sitemap may show: everything except
        entries seeking a partner whose listing has expired. Every public listing starts
        here."""
        return self.filter(Q(seeking_until__isnull=True) | Q(seeking_until__gte=_today()))

    def expired(self):
        """Entries seeking a partner whose listing ended before today."""
        return self.filter(seeking_until__lt=_today())

    def expiring_on(self, day):
        return self.filter(seeking_until=day)

    def active(self):
        return self.filter(status=Status.ACTIVE)

    def finished(self):
        return self.filter(status=Status.FINISHED)

    def seeking_partner(self):
        return self.filter(status=Status.SEEKING_PARTNER)

    def listed_since(self, moment):
        """Partnerships that became active or began seeking a partner after `moment`
        (see Partnership.note_listing)."""
        return self.filter(listed_at__gt=moment)

    def in_country(self, code_or_country):
        if isinstance(code_or_country, Country):
            return self.filter(country=code_or_country)
        return self.filter(country__code__iexact=(code_or_country or "").strip())

    def with_status(self, status):
        return self.filter(status=status)

    def in_region(self, region):
        return self.filter(country__region=region)

    def with_area(self, slug_or_area):
        if isinstance(slug_or_area, ThematicArea):
            return self.filter(thematic_areas=slug_or_area)
        return self.filter(thematic_areas__slug=slug_or_area)

    def in_county(self, code):
        # Through a subquery: a partnership of two municipalities in one county counts once.
        return self.filter(self._taking_part(Organisation.objects.in_county(code)))

    def with_organisation_type(self, organisation_type):
        return self.filter(self._taking_part(Organisation.objects.of_type(organisation_type)))

    def with_organisation(self, organisation):
        return self.filter(self._taking_part(Organisation.objects.filter(pk=organisation.pk)))

    def search(self, text):
        """Partnerships matching every word of `text`; see partners.search."""
        return search(self, text)

    def _taking_part(self, organisations):
        """Partnerships in which any of `organisations` takes part, on either side."""
        ids = organisations.values("pk")
        condition = Q()
        for side in (Partnership.swedish_organisations, Partnership.partner_organisations):
            taking_part = side.through.objects.filter(organisation__in=ids)
            condition |= Q(pk__in=taking_part.values("partnership_id"))
        return condition

    def for_listing(self):
        """What a list of partnerships shows of each, as plain values (listing_cards())."""
        return self.values(*LISTING_FIELDS)

    def with_related(self):
        """Everything a partnership's own page shows (its organisations with their
        countries, thematic areas and public contacts), in a fixed number of queries."""
        return self.select_related("country").prefetch_related(
            models.Prefetch(
                "swedish_organisations", queryset=Organisation.objects.select_related("country")
            ),
            models.Prefetch(
                "partner_organisations", queryset=Organisation.objects.select_related("country")
            ),
            "thematic_areas",
            models.Prefetch(
                "contacts",
                queryset=ContactPerson.objects.public().select_related("organisation"),
                to_attr="prefetched_public_contacts",
            ),
        )


class Partnership(RevisionMixin, ClusterableModel):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("The partnership's address in the database. Filled in from the title."),
    )
    description = models.TextField(_("description"), blank=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    swedish_organisations = ParentalManyToManyField(
        Organisation,
        verbose_name=_("Swedish organisations"),
        related_name="swedish_partnerships",
        blank=True,
        limit_choices_to={"organisation_type__in": SWEDISH_ORGANISATION_TYPES},
    )
    partner_organisations = ParentalManyToManyField(
        Organisation,
        verbose_name=_("partner organisations"),
        related_name="partner_partnerships",
        blank=True,
        limit_choices_to={"organisation_type__in": PARTNER_ORGANISATION_TYPES},
    )
    thematic_areas = ParentalManyToManyField(
        ThematicArea, verbose_name=_("thematic areas"), related_name="partnerships", blank=True
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.PROJECT
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    contacts = ParentalManyToManyField(
        ContactPerson, verbose_name=_("contact persons"), related_name="partnerships", blank=True
    )
    # A Swedish member seeking a partner names the countries it would work in; `country`
    # is the first of them.
    wanted_countries = ParentalManyToManyField(
        Country,
        verbose_name=_("countries where a partner is wanted"),
        related_name="wanted_by",
        blank=True,
        help_text=_("Entries seeking a partner only."),
    )
    seeking_until = models.DateField(
        _("listed until"),
        null=True,
        blank=True,
        help_text=_(
            "Entries seeking a partner only: after this day the entry is hidden and then "
            "removed, unless renewed."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When the partnership last became public news: created, or turned, active or seeking a
    # partner, or an expired entry seeking a partner renewed. Saved-search digests list
    # what was listed since their last message.
    listed_at = models.DateTimeField(_("listed"), null=True, blank=True, editable=False)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        app_label = "partners"
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-start_year", "pk"]
        # "Both sides present for active partnerships" spans many-to-many tables, which a
        # CHECK constraint cannot see; it is enforced in clean_sides(), used by the admin
        # form and the importer.
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__gte=FIRST_YEAR, start_year__lte=LAST_YEAR),
                name="partnership_start_year_in_range",
                violation_error_message=_("The start year must be between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(end_year__gte=FIRST_YEAR, end_year__lte=LAST_YEAR),
                name="partnership_end_year_in_range",
                violation_error_message=_("The end year must be between 1990 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="partnership_ends_after_it_starts",
                violation_error_message=_("The end year cannot be before the start year."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "country"]),
            models.Index(fields=["listed_at"], name="partnership_listed_at"),
            # The database page's default and "start year" orders: the first page of
            # results is read in index order rather than by sorting every partnership.
            models.Index(fields=["-start_year", "id"], name="partnership_newest_first"),
            models.Index(fields=["start_year", "id"], name="partnership_oldest_first"),
        ]

    def __str__(self):
        return display_name(self.title, self.slug)

    def get_absolute_url(self):
        return route_url("partnership", slug=self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_status = instance.__dict__.get("status", _UNKNOWN)
        return instance

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Partnership, self.title_sv or self.title_en or self.title, exclude_pk=self.pk
            )
        update_fields = kwargs.get("update_fields")
        if self.note_listing() and update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "listed_at"}
        super().save(*args, **kwargs)
        self._stored_status = self.status

    def note_listing(self, now=None):
        """Set `listed_at` when the partnership becomes news to a saved search: it is new,
        or its stored status was neither active nor seeking a partner, and now it is one of
        them. Returns whether it was set. Bulk writes (the importer) call it themselves."""
        if self.status in LISTED_STATUSES and self._status_in_database() not in LISTED_STATUSES:
            self.listed_at = now or timezone.now()
            return True
        return False

    def _status_in_database(self):
        stored = getattr(self, "_stored_status", _UNKNOWN)
        if stored is not _UNKNOWN:
            return stored
        if self._state.adding or self.pk is None:
            return None
        # Built from a revision or with the status deferred: ask the database.
        return Partnership.objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def renew(self, save=True, today=None):
        """List an entry seeking a partner for another twelve months from `today` (in
        Europe/Stockholm, by default). An entry whose listing had ended is public again, so
        it is news again."""
        today = today or _today()
        if self.seeking_until is not None and self.seeking_until < today:
            self.listed_at = timezone.now()
        self.seeking_until = today + SEEKING_PERIOD
        if save:
            self.save(update_fields=["seeking_until", "listed_at", "updated_at"])

    @staticmethod
    def clean_sides(status, swedish_organisations, partner_organisations, country):
        """Errors, by field name, in who takes part; shared by the admin form and importer."""
        errors = {}
        swedish_organisations = list(swedish_organisations)
        partner_organisations = list(partner_organisations)
        if status == Status.ACTIVE:
            if not swedish_organisations:
                errors["swedish_organisations"] = _(
                    "An active partnership needs at least one Swedish organisation."
                )
            if not partner_organisations:
                errors["partner_organisations"] = _(
                    "An active partnership needs at least one partner organisation."
                )
        if status == Status.SEEKING_PARTNER and not (
            swedish_organisations or partner_organisations
        ):
            errors["partner_organisations"] = _(
                "A partnership seeking a partner needs the organisation that is looking."
            )
        foreign = [o.name for o in swedish_organisations if not o.is_swedish]
        if foreign:
            errors["swedish_organisations"] = _("Not Swedish organisations: %(names)s.") % {
                "names": ", ".join(foreign)
            }
        misplaced = [
            o.name
            for o in partner_organisations
            if o.is_swedish or (country is not None and o.country_id != country.pk)
        ]
        if misplaced:
            errors["partner_organisations"] = _(
                "Not partner organisations in %(country)s: %(names)s."
            ) % {"country": country, "names": ", ".join(misplaced)}
        return errors

    @property
    def years(self):
        return years(self.start_year, self.end_year)

    @property
    def public_contacts(self):
        """The contacts that may be shown publicly; never an unpublished one."""
        if hasattr(self, "prefetched_public_contacts"):
            return self.prefetched_public_contacts
        return list(ContactPerson.objects.public().filter(partnerships=self))

    # Plain-text columns for the admin's spreadsheet export.
    def swedish_organisation_names(self):
        return ", ".join(o.name for o in self.swedish_organisations.all())

    swedish_organisation_names.short_description = _("Swedish organisations")

    def partner_organisation_names(self):
        return ", ".join(o.name for o in self.partner_organisations.all())

    partner_organisation_names.short_description = _("partner organisations")

    def thematic_area_names(self):
        return ", ".join(a.name for a in self.thematic_areas.all())

    thematic_area_names.short_description = _("thematic areas")

    # The public database's search text, kept current by partners.search.
    search_document = models.TextField(_("search text"), blank=True, editable=False)
    search_folded = models.TextField(_("search text (folded)"), blank=True, editable=False)
    # PostgreSQL only: the document as stemmed, unaccented lexemes, stored so that a search
    # matching most rows does not recompute them row by row. Empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)
    # The values its relations add to the facets, for counting them (partners.search).
    facet_keys = models.TextField(_("facet keys"), blank=True, editable=False)

    def refresh_search_document(self):
        rebuild(Partnership.objects.filter(pk=self.pk))

    @property
    def public_title(self):
        """Who works with whom, e.g. "Borlänge – Chisinau, Moldavien" (country localised)."""
        return public_title(
            [o.name for o in self.swedish_organisations.all()],
            [o.name for o in self.partner_organisations.all()],
            self.country,
        )


def public_title(swedish_names, partner_names, country):
    """Who works with whom: the Swedish organisations – the partner organisations, the
    country; each part only if known."""
    abroad = ", ".join(part for part in (", ".join(partner_names), str(country)) if part)
    return " – ".join(part for part in (", ".join(swedish_names), abroad) if part)


def years(start_year, end_year):
    """The years of a partnership: 2019–2022, 2019 (within one year), or 2019– (no end
    yet)."""
    if end_year and end_year != start_year:
        return f"{start_year}–{end_year}"
    if end_year:
        return str(start_year)
    return f"{start_year}–"


# What a list of partnerships shows of each (partners/includes/partnership_list.html),
# besides its organisations: its country's name in every language, for the fallback, and
# its facet keys, which name its thematic areas.
LISTING_FIELDS = (
    "pk",
    "slug",
    "title",
    "status",
    "phase",
    "start_year",
    "end_year",
    "country__code",
    *(build_localized_fieldname("country__name", code) for code in AVAILABLE_LANGUAGES),
    "facet_keys",
)


def _country_name(row):
    """The country's name in the active language, falling back as modeltranslation does."""
    names = (
        row[build_localized_fieldname("country__name", code)]
        for code in resolution_order(get_language())
    )
    return display_name(*names, row["country__code"])


@dataclass(frozen=True, slots=True)
class PartnershipCard:
    """What a list of partnerships shows of one, worked out before the template renders it:
    plain values, which a template reads faster than a model's properties."""

    url: str
    public_title: str
    title: str
    status: str
    phase: str
    years: str
    areas: list


def listing_cards(rows):
    """A PartnershipCard of each of `rows` (for_listing()): two more queries, of their
    organisations' names on either side, whatever the number of partnerships. The thematic
    areas, named in each row's facet keys, come from the content cache."""
    rows = list(rows)
    ids = [row["pk"] for row in rows]
    names = {pk: ([], []) for pk in ids}
    for side, relation in enumerate(
        (Partnership.swedish_organisations, Partnership.partner_organisations)
    ):
        pairs = (
            relation.through.objects.filter(partnership_id__in=ids)
            .order_by("organisation__name", "organisation_id")
            .values_list("partnership_id", "organisation__name")
        )
        for pk, name in pairs:
            names[pk][side].append(name)
    areas = [(area_key(area.slug), area.name) for area in ThematicArea.objects.in_order()]
    statuses, phases = dict(Status.choices), dict(Phase.choices)
    cards = []
    for row in rows:
        keys = set(row["facet_keys"].split())
        cards.append(
            PartnershipCard(
                url=route_url("partnership", slug=row["slug"]),
                public_title=public_title(*names[row["pk"]], _country_name(row)),
                title=row["title"],
                # As get_*_display(): a value outside the choices shows as it is.
                status=statuses.get(row["status"], row["status"]),
                phase=phases.get(row["phase"], row["phase"]),
                years=years(row["start_year"], row["end_year"]),
                areas=[name for key, name in areas if key in keys],
            )
        )
    return cards


def _today():
    return timezone.localdate()
