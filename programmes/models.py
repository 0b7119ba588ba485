from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from icld_site.blocks import VideoBlock
from icld_site.cache import content_cached
from icld_site.fields import EmailAddressField
from icld_site.models import MenuTitleMixin
from icld_site.names import display_name
from icld_site.routing import (
    PageManagerFromCache,
    ViewRestrictionsFromCache,
    live_public_children,
)
from news.models import NewsArticlePage, NewsIndexPage
from partners.figures import countries_open_for_applications, key_figure_links, key_figures
from partners.models import Region
from partners.pages import PartnershipDatabasePage

from .application_rounds import ApplicationRound  # noqa: F401 - one of the page models
from .blocks import TEXT_FEATURES, ProgrammeBodyBlock, RoundsTextBlock
from .rounds import calendar_ics, cancelled_occurrences, occurrences, round_status, validate_rounds

PROGRAMME_NEWS_CATEGORY = "kommunalt-partnerskap"
LATEST_NEWS_COUNT = 3


def latest_news(category=None):
    """The newest public articles (optionally of one category) and the news index."""

    def compute():
        articles = NewsArticlePage.objects.live().public().newest().for_cards()
        if category:
            articles = articles.in_category(category)
        return {
            "latest_news": list(articles[:LATEST_NEWS_COUNT]),
            "news_index": NewsIndexPage.objects.live().public().first(),
        }

    return content_cached(f"latest-news:{category or ''}", compute)


def database_entry(request):
    """The database page, its address, the key figures (partners.figures) and where each
    leads, for pages that lead to it."""
    page = PartnershipDatabasePage.published()
    url = page.get_url(request=request) if page else None
    return {
        "database_page": page,
        "database_url": url,
        "key_figures": key_figures(),
        "figure_links": key_figure_links(page, url),
    }


class HomePage(ViewRestrictionsFromCache, Page):
    intro = RichTextField(_("introduction"), blank=True, features=TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        programme = next(iter(live_public_children(self, ProgrammePage)), None)
        context["programme"] = programme
        context["round_status"] = programme.application_status() if programme else None
        context.update(latest_news(), **database_entry(request))
        return context


class ContentPage(ViewRestrictionsFromCache, MenuTitleMixin, Page):
    """A general page: how to apply, guidelines and history, the accessibility statement."""

    objects = PageManagerFromCache()

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(ProgrammeBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["programmes.ContentPage"]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")

    @cached_property
    def recurring_rounds(self):
        """The rounds of the programme this page belongs to, for its round dates blocks."""
        programme = programme_of(self)
        return programme.recurring_rounds if programme else []


class ProgrammePageForm(WagtailAdminPageForm):
    """Rejects application rounds that overlap each other (each round checks its own dates)."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("application_rounds")
        if formset is None or not formset.is_valid():
            return cleaned_data
        rounds = [
            form.instance.as_recurring_round()
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            validate_rounds(rounds)
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned_data


class ProgrammePage(ViewRestrictionsFromCache, RoutablePageMixin, MenuTitleMixin, Page):
    """The programme: Vad? Vem kan söka? Varför? Var? Hur? När?"""

    objects = PageManagerFromCache()
    # Loaded with the page where routing keeps it in the content cache (icld_site.routing).
    prefetch_when_routed = (
        "application_rounds",
        "eligible_types",
        "documents__document",
        "team_members",
        "countries",
    )

    what = RichTextField(_("what is the programme?"), features=TEXT_FEATURES)
    film = StreamField(
        [("video", VideoBlock())], verbose_name=_("information film"), blank=True, max_num=1
    )
    who = RichTextField(_("who can apply?"), features=TEXT_FEATURES)
    why = RichTextField(_("why take part?"), features=TEXT_FEATURES)
    active_organisations_fallback = models.CharField(
        _("active organisations (fallback text)"),
        max_length=255,
        blank=True,
        help_text=_(
            "Shown when the partnership database has no active partnerships, "
            "e.g. “About 70 Swedish municipalities already take part.”"
        ),
    )
    where = RichTextField(_("where?"), blank=True, features=TEXT_FEATURES)
    countries = ParentalManyToManyField(
        "partners.Country",
        verbose_name=_("partner countries"),
        blank=True,
        limit_choices_to={"eligible": True},
    )
    how = RichTextField(_("how to apply?"), features=TEXT_FEATURES)
    when = StreamField(RoundsTextBlock(), verbose_name=_("when?"), blank=True)
    contact_email = EmailAddressField(_("programme mailbox"), default="partnership@icld.se")
    contact_text = RichTextField(_("contact text"), blank=True, features=["bold", "italic", "link"])

    search_fields = [
        *Page.search_fields,
        *(index.SearchField(name) for name in ("what", "who", "why", "where", "how", "when")),
    ]
    base_form_class = ProgrammePageForm
    parent_page_types = ["programmes.HomePage"]
    subpage_types = ["programmes.ContentPage", "partners.PartnershipDatabasePage"]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("what"), FieldPanel("film")], heading=_("What?")),
        MultiFieldPanel(
            [FieldPanel("who"), InlinePanel("eligible_types", heading=_("Eligible organisations"))],
            heading=_("Who can apply?"),
        ),
        MultiFieldPanel(
            [FieldPanel("why"), FieldPanel("active_organisations_fallback")],
            heading=_("Why?"),
        ),
        MultiFieldPanel(
            [FieldPanel("where"), FieldPanel("countries", widget=forms.CheckboxSelectMultiple)],
            heading=_("Where?"),
        ),
        MultiFieldPanel(
            [FieldPanel("how"), InlinePanel("documents", heading=_("Documents"))],
            heading=_("How?"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("when"),
                InlinePanel("application_rounds", heading=_("Application rounds")),
            ],
            heading=_("When?"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_text"),
                InlinePanel("team_members", heading=_("Programme team")),
            ],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    # The application rounds

    @cached_property
    def recurring_rounds(self):
        return [item.as_recurring_round() for item in self.application_rounds.all()]

    def application_status(self, today=None):
        return round_status(self.recurring_rounds, today or timezone.localdate())

    def upcoming_rounds(self, today=None):
        return occurrences(self.recurring_rounds, today or timezone.localdate(), months=12)

    @path("kalender/", name="calendar")
    def calendar(self, request):
        """The rounds of the coming 12 months as an iCalendar file."""
        today = timezone.localdate()
        body = calendar_ics(
            self.upcoming_rounds(today),
            cancelled=cancelled_occurrences(self.recurring_rounds, today, months=12),
            summary=lambda occurrence: str(
                _("%(round)s open: %(programme)s")
                % {"round": occurrence.name, "programme": self.title}
            ),
            description=str(_("Apply for a municipal partnership project.")),
            url=request.build_absolute_uri(self.get_url(request)),
            uid_domain=f"{self.slug_sv}.{request.get_host().split(':')[0]}",
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        filename = _("application-rounds")
        response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
        return response

    # The partnership database behind the page

    def country_groups(self, is_preview=False):
        """The countries open for applications (the page's own list) grouped by region, in
        the region order of the choices, names sorted, each with its number of active
        partnerships (partners.figures.countries_open_for_applications)."""
        # Sorted by name, so one list per language. The live page's choice changes only
        # when it is published, which retires the entry; a preview's choice (a draft's)
        # is part of its key.
        if is_preview:
            chosen = sorted(country.pk for country in self.countries.all())
            key = f"country-groups:{get_language()}:{','.join(map(str, chosen))}"
        else:
            key = f"country-groups:{get_language()}:page-{self.pk}"

        def compute():
            countries = countries_open_for_applications(self.countries.all())
            groups = []
            for region, label in Region.choices:
                members = sorted(
                    (c for c in countries if c.region == region), key=lambda c: c.name.casefold()
                )
                if members:
                    groups.append({"region": region, "label": label, "countries": members})
            return groups

        return content_cached(key, compute)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        database = database_entry(request)
        country_groups = self.country_groups(is_preview=getattr(request, "is_preview", False))
        context.update(
            database,
            active_organisation_count=database["key_figures"].swedish_organisation_count,
            round_status=self.application_status(today),
            upcoming_rounds=self.upcoming_rounds(today),
            country_groups=country_groups,
            open_country_count=sum(len(group["countries"]) for group in country_groups),
            how_pages=live_public_children(self, ContentPage),
            calendar_url=self.get_url(request) + self.reverse_subpage("calendar"),
            **latest_news(PROGRAMME_NEWS_CATEGORY),
        )
        return context


def programme_of(page):
    """The programme page whose rounds the text of `page` speaks of: the page itself (a
    preview's draft rounds included), its nearest programme ancestor, else the live one."""
    if isinstance(page, ProgrammePage):
        return page
    # Routing hands a page its parent, loaded from the content cache with its rounds.
    parent = getattr(page, "_cached_parent_obj", None)
    if isinstance(parent, ProgrammePage):
        return parent
    programmes = ProgrammePage.objects.live().prefetch_related("application_rounds")
    if isinstance(page, Page) and page.path:
        nearest = programmes.ancestor_of(page).order_by("-depth").first()
        if nearest is not None:
            return nearest
    return programmes.public().first()


class EligibleOrganisationType(Orderable):
    page = ParentalKey(ProgrammePage, related_name="eligible_types", on_delete=models.CASCADE)
    name = models.CharField(_("organisation type"), max_length=100)

    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("eligible organisation type")
        verbose_name_plural = _("eligible organisation types")

    def __str__(self):
        return self.name


class ProgrammeDocument(Orderable):
    page = ParentalKey(ProgrammePage, related_name="documents", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("link text"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return display_name(self.title, self.document_id and self.document.title)

    @property
    def link_text(self):
        """The title without a trailing "(PDF)": the list names the file type itself."""
        text = self.title or self.document.title
        file_type = f"({self.document.file_extension})"
        if text.casefold().endswith(file_type.casefold()):
            text = text[: -len(file_type)].rstrip()
        return text


class TeamMember(Orderable):
    page = ParentalKey(ProgrammePage, related_name="team_members", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    email = EmailAddressField(_("e-mail"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email")]

    class Meta(Orderable.Meta):
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self):
        return self.name
