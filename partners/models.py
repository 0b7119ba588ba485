import itertools
from collections import Counter

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import RevisionMixin

from icld_site.names import display_name, require_swedish_name, swedish_name_constraint

from .countries import country_names, is_known_code

# Years outside this range are typing mistakes: the programme started in the late 1990s.
FIRST_YEAR = 1990
LAST_YEAR = 2100


class Region(models.TextChoices):
    EASTERN_EUROPE = "eastern-europe", _("Eastern Europe and the Western Balkans")
    ASIA = "asia", _("Asia")
    AFRICA = "africa", _("Africa")
    LATIN_AMERICA = "latin-america", _("Latin America")
    SWEDEN = "sweden", _("Sweden")


class County(models.TextChoices):
    """The 21 Swedish counties (län), keyed by their ISO 3166-2:SE letter code."""

    STOCKHOLM = "AB", _("Stockholm County")
    UPPSALA = "C", _("Uppsala County")
    SODERMANLAND = "D", _("Södermanland County")
    OSTERGOTLAND = "E", _("Östergötland County")
    JONKOPING = "F", _("Jönköping County")
    KRONOBERG = "G", _("Kronoberg County")
    KALMAR = "H", _("Kalmar County")
    GOTLAND = "I", _("Gotland County")
    BLEKINGE = "K", _("Blekinge County")
    SKANE = "M", _("Skåne County")
    HALLAND = "N", _("Halland County")
    VASTRA_GOTALAND = "O", _("Västra Götaland County")
    VARMLAND = "S", _("Värmland County")
    OREBRO = "T", _("Örebro County")
    VASTMANLAND = "U", _("Västmanland County")
    DALARNA = "W", _("Dalarna County")
    GAVLEBORG = "X", _("Gävleborg County")
    VASTERNORRLAND = "Y", _("Västernorrland County")
    JAMTLAND = "Z", _("Jämtland County")
    VASTERBOTTEN = "AC", _("Västerbotten County")
    NORRBOTTEN = "BD", _("Norrbotten County")


class OrganisationType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    COUNTY_COUNCIL = "county-council", _("County council")
    FEDERATION = "federation", _("Regional association of local authorities")
    LOCAL_GOVERNMENT = "local-government", _("Local government in a partner country")


# The kinds of Swedish member that may apply to the programme.
SWEDISH_ORGANISATION_TYPES = (
    OrganisationType.MUNICIPALITY,
    OrganisationType.REGION,
    OrganisationType.COUNTY_COUNCIL,
    OrganisationType.FEDERATION,
)
PARTNER_ORGANISATION_TYPES = (OrganisationType.LOCAL_GOVERNMENT,)


class Phase(models.TextChoices):
    PRE_STUDY = "pre-study", _("Pre-study")
    PROJECT = "project", _("Project")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    FINISHED = "finished", _("Finished")
    # A partner-country local government looking for a Swedish partner.
    SEEKING_PARTNER = "seeking-partner", _("Seeking a partner")


def validate_country_code(value):
    if not is_known_code(value):
        raise ValidationError(
            _("%(code)s is not an ISO 3166-1 country code."), params={"code": value}
        )


def _slug_candidates(model, text, max_length):
    """The slugs `text` may get, in order of preference: "x", "x-2", "x-3", …"""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    yield base
    for number in itertools.count(2):
        suffix = f"-{number}"
        yield base[: max_length - len(suffix)] + suffix


def unique_slug(model, text, max_length=80, exclude_pk=None):
    existing = model._default_manager.exclude(pk=exclude_pk)
    for slug in _slug_candidates(model, text, max_length):
        if not existing.filter(slug=slug).exists():
            return slug


# Longest suffix unique_slugs() looks ahead for ("-" and up to nine digits).
_SLUG_SUFFIX_ROOM = 10


def unique_slugs(model, texts, max_length=80, reserved=()):
    """unique_slug() for many new objects at once, none of them taking another's slug or
    one in `reserved`: a query per 500 texts plus one per text whose slug is already taken,
    rather than one or more per text."""
    manager = model._default_manager
    bases = [next(_slug_candidates(model, text, max_length)) for text in texts]
    taken = set(reserved)
    uses = Counter(bases)
    distinct = list(uses)
    for start in range(0, len(distinct), 500):
        chunk = distinct[start : start + 500]
        taken.update(manager.filter(slug__in=chunk).values_list("slug", flat=True))
    repeated = {base for base in distinct if base in taken or uses[base] > 1}
    for base in repeated:
        # Every slug a suffixed candidate could collide with starts like this.
        prefix = base[: max_length - _SLUG_SUFFIX_ROOM]
        taken.update(manager.filter(slug__startswith=prefix).values_list("slug", flat=True))
    slugs = []
    for text in texts:
        slug = next(s for s in _slug_candidates(model, text, max_length) if s not in taken)
        taken.add(slug)
        slugs.append(slug)
    return slugs


def _through(field_name):
    return Partnership._meta.get_field(field_name).remote_field.through


def _partnerships_of_organisations(organisations):
    """Ids of partnerships in which any of `organisations` takes part, on either side."""
    ids = organisations.values("pk")
    swedish = _through("swedish_organisations").objects.filter(organisation__in=ids)
    partner = _through("partner_organisations").objects.filter(organisation__in=ids)
    return Q(pk__in=swedish.values("partnership_id")) | Q(pk__in=partner.values("partnership_id"))


class CountryQuerySet(models.QuerySet):
    def eligible(self):
        return self.filter(eligible=True)

    def with_active_partnership_counts(self):
        return self.annotate(
            active_partnership_count=Count(
                "partnerships", filter=Q(partnerships__status=Status.ACTIVE)
            )
        )


class Country(models.Model):
    code = models.CharField(
        _("country code"),
        max_length=2,
        unique=True,
        validators=[validate_country_code],
        help_text=_("ISO 3166-1 alpha-2, e.g. KE. Kosovo is XK."),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("Filled in from ISO 3166 if empty.")
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    eligible = models.BooleanField(_("eligible for the programme"), default=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [swedish_name_constraint("country")]

    def __str__(self):
        return display_name(self.name, self.code)

    def save(self, *args, **kwargs):
        self.fill_in_names()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.fill_in_names()
        require_swedish_name(self)

    def fill_in_names(self):
        """Empty names are taken from ISO 3166 (pycountry), in each language."""
        self.code = (self.code or "").upper()
        names = country_names(self.code) or {}
        for language, value in names.items():
            if not getattr(self, f"name_{language}"):
                setattr(self, f"name_{language}", value)


class OrganisationQuerySet(models.QuerySet):
    def swedish(self):
        return self.filter(organisation_type__in=SWEDISH_ORGANISATION_TYPES)

    def partner_side(self):
        return self.filter(organisation_type__in=PARTNER_ORGANISATION_TYPES)

    def of_type(self, organisation_type):
        return self.filter(organisation_type=organisation_type)

    def in_county(self, code):
        return self.filter(county=(code or "").upper())

    def with_active_partnerships(self):
        """Organisations taking part, on either side, in at least one active partnership."""

        def active_on(field_name):
            return Exists(
                _through(field_name).objects.filter(
                    organisation_id=OuterRef("pk"), partnership__status=Status.ACTIVE
                )
            )

        return self.filter(active_on("swedish_organisations") | active_on("partner_organisations"))


class Organisation(models.Model):
    """A Swedish member of the programme or a local government in a partner country."""

    # A proper name, the same in every language.
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, blank=True)
    organisation_type = models.CharField(
        _("organisation type"), max_length=20, choices=OrganisationType.choices
    )
    county = models.CharField(
        _("county"),
        max_length=2,
        choices=County.choices,
        blank=True,
        help_text=_("Swedish organisations only."),
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        help_text=_("Partner-country organisations only."),
    )
    website = models.URLField(_("website"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            # A Swedish member has a county and no partner country; a partner the reverse.
            models.CheckConstraint(
                condition=(
                    Q(
                        organisation_type__in=SWEDISH_ORGANISATION_TYPES,
                        country__isnull=True,
                    )
                    & ~Q(county="")
                )
                | Q(
                    organisation_type__in=PARTNER_ORGANISATION_TYPES,
                    country__isnull=False,
                    county="",
                ),
                name="organisation_side_has_county_or_country",
                violation_error_message=_(
                    "A Swedish organisation needs a county and no country; "
                    "a partner-country organisation needs a country and no county."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organisation_has_name",
                violation_error_message=_("Enter the organisation's name."),
            ),
        ]

    def __str__(self):
        return display_name(self.name, self.slug)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    @property
    def is_swedish(self):
        return self.organisation_type in SWEDISH_ORGANISATION_TYPES

    @property
    def place(self):
        """The county of a Swedish organisation, the country of a partner."""
        return self.get_county_display() if self.is_swedish else self.country


class ThematicArea(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    is_democracy_principle = models.BooleanField(
        _("core democracy principle"),
        default=False,
        help_text=_("Equity, participation, transparency or accountability."),
    )

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["-is_democracy_principle", "name"]
        constraints = [swedish_name_constraint("thematicarea")]

    def __str__(self):
        return display_name(self.name, self.slug)

    def clean(self):
        super().clean()
        require_swedish_name(self)


class ContactPersonQuerySet(models.QuerySet):
    def public(self):
        """Contacts who have agreed to be shown on the public site."""
        return self.filter(is_published=True, consent_date__isnull=False)


class ContactPerson(models.Model):
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the public site. Only tick when the person has given consent."),
    )
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=~Q(email=""),
                name="contact_email_unique_per_organisation",
                violation_error_message=_(
                    "This organisation already has a contact with this email address."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(consent_date__isnull=False),
                name="published_contact_has_consent_date",
                violation_error_message=_(
                    "Record the date of consent before publishing a contact."
                ),
            ),
        ]

    def __str__(self):
        return f"{display_name(self.name, self.email)} ({self.organisation})"


class PartnershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Status.ACTIVE)

    def finished(self):
        return self.filter(status=Status.FINISHED)

    def seeking_partner(self):
        return self.filter(status=Status.SEEKING_PARTNER)

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
        return self.filter(_partnerships_of_organisations(Organisation.objects.in_county(code)))

    def with_organisation_type(self, organisation_type):
        return self.filter(
            _partnerships_of_organisations(Organisation.objects.of_type(organisation_type))
        )

    def with_organisation(self, organisation):
        return self.filter(
            _partnerships_of_organisations(Organisation.objects.filter(pk=organisation.pk))
        )

    def search(self, text):
        """Partnerships matching every word of `text`; see partners.search."""
        from .search import search

        return search(self, text)

    def with_related(self):
        """Everything a listing shows, in a fixed number of queries."""
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
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
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
        indexes = [models.Index(fields=["status", "country"])]

    def __str__(self):
        return display_name(self.title, self.slug)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Partnership, self.title_sv or self.title_en or self.title, exclude_pk=self.pk
            )
        super().save(*args, **kwargs)

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
        if self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        if self.end_year:
            return str(self.start_year)
        return f"{self.start_year}–"

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

    def refresh_search_document(self):
        from .search import rebuild

        rebuild(Partnership.objects.filter(pk=self.pk))

    @property
    def public_title(self):
        """Who works with whom, e.g. "Borlänge – Chisinau, Moldavien" (country localised)."""
        swedish = ", ".join(o.name for o in self.swedish_organisations.all())
        partners = ", ".join(o.name for o in self.partner_organisations.all())
        abroad = ", ".join(part for part in (partners, str(self.country)) if part)
        return " – ".join(part for part in (swedish, abroad) if part)


from .pages import PartnershipDatabasePage  # noqa: E402,F401
