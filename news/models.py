import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.core.validators import slug_re
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import GroupPagePermission, Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from icld_site.blocks import BodyBlock
from icld_site.cache import content_cached
from icld_site.models import MenuTitleMixin
from icld_site.names import display_name, require_swedish_name, swedish_name_constraint
from icld_site.routing import PublicFromCache, ViewRestrictionsFromCache

EDITORS_GROUP = "Redaktörer"
CATEGORY_PARAMETER = "category"
ARTICLES_PER_PAGE = 10


class NewsCategoryQuerySet(models.QuerySet):
    def with_slug(self, slug):
        """A category is found by its slug in either language, so a filtered link
        keeps working when the visitor switches language."""
        if not slug_re.fullmatch(slug):
            # Not a slug at all (e.g. a NUL byte, which PostgreSQL refuses): nothing matches.
            return self.none()
        return self.filter(Q(slug_sv=slug) | Q(slug_en=slug))


class NewsCategory(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=False,
        help_text=_("Used in addresses, e.g. ?category=municipal-partnership."),
    )

    objects = NewsCategoryQuerySet.as_manager()

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        constraints = [swedish_name_constraint("newscategory")]

    def __str__(self):
        return display_name(self.name, self.slug)

    def clean(self):
        super().clean()
        require_swedish_name(self)


def news_categories():
    """Every category, in name order of the active language: the navigation of the news
    pages and the tags of their articles. One entry of the content cache per language."""
    return content_cached(
        f"news-categories:{translation.get_language()}", lambda: list(NewsCategory.objects.all())
    )


@dataclass(frozen=True, slots=True)
class CategoryLink:
    """A category as a link to the news list filtered to it."""

    name: str
    url: str
    current: bool


def category_links(index_url, active=None):
    """{pk: CategoryLink} of every category, in name order, `active` marked as current."""
    return {
        category.pk: CategoryLink(
            category.name, f"{index_url}?{CATEGORY_PARAMETER}={category.slug}", category == active
        )
        for category in news_categories()
    }


def links_of(links, chosen):
    """The CategoryLinks of `links` whose category pk is in `chosen`, in their order."""
    return [link for pk, link in links.items() if pk in chosen]


@dataclass(frozen=True, slots=True)
class ArticleCard:
    """What a list of news shows of an article, worked out before the template renders it:
    plain values, which a template reads faster than a page's properties and tags."""

    pk: int
    url: str
    title: str
    teaser: str
    date: datetime.date
    content_language: str
    is_in_other_language: bool
    categories: list


def article_cards(articles, request, links):
    """An ArticleCard of each of `articles`, their categories from `links` (category_links),
    with one query of which article has which category."""
    articles = list(articles)
    pairs = NewsArticlePage.categories.through.objects.filter(
        newsarticlepage__in=[article.pk for article in articles]
    ).values_list("newsarticlepage_id", "newscategory_id")
    tagged = {}
    for article_id, category_id in pairs:
        tagged.setdefault(article_id, set()).add(category_id)
    language = translation.get_language()
    cards = []
    for article in articles:
        chosen = tagged.get(article.pk, ())
        content_language = article.content_language
        cards.append(
            ArticleCard(
                pk=article.pk,
                url=article.get_url(request=request),
                title=article.title,
                teaser=article.teaser,
                date=article.date,
                content_language=content_language,
                is_in_other_language=content_language != language,
                categories=links_of(links, chosen),
            )
        )
    return cards


# What a card in a list of articles shows (news/includes/latest_news.html and the news index).
CARD_FIELDS = ("title", "slug", "url_path", "path", "depth", "live", "date", "teaser", "languages")


class NewsArticleQuerySet(PublicFromCache, PageQuerySet):
    def newest(self):
        return self.order_by("-date", "-first_published_at", "-pk")

    def in_category(self, category):
        """Articles tagged with `category`: a NewsCategory or a slug in either language."""
        if isinstance(category, NewsCategory):
            return self.filter(categories=category)
        return self.filter(categories__in=NewsCategory.objects.with_slug(category))

    def for_cards(self):
        """Only the columns a card in a list of articles shows (modeltranslation reads each
        translated one in every language, for the fallback): its title, teaser, date and
        language, and what its address is built from."""
        return self.only(*CARD_FIELDS)

    def for_listing(self):
        """Everything a list of articles shows, fetched in a fixed number of queries, and
        not the bodies (in both languages), which a list never shows."""
        return self.defer_streamfields().select_related("image").prefetch_related("categories")


NewsArticleManager = PageManager.from_queryset(NewsArticleQuerySet)


class NewsIndexPage(ViewRestrictionsFromCache, MenuTitleMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["programmes.HomePage"]
    subpage_types = ["news.NewsArticlePage"]
    max_count = 1
    show_in_menus_default = True

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def articles(self):
        """The public articles, newest first, with only what their cards show."""
        return NewsArticlePage.objects.child_of(self).live().public().newest().for_cards()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        category = None
        if CATEGORY_PARAMETER in request.GET:
            category = NewsCategory.objects.with_slug(
                single_parameter(request, CATEGORY_PARAMETER)
            ).first()
            if category is None:
                raise Http404(_("Unknown category"))
            articles = articles.in_category(category)
        paginator = Paginator(articles, ARTICLES_PER_PAGE)
        # As many for every page of the list, and counted once per state of the content.
        paginator.count = content_cached(
            f"news-count:{self.pk}:{category.pk if category else ''}", articles.count
        )
        try:
            page_number = single_parameter(request, "page") if "page" in request.GET else 1
            articles_page = paginator.page(page_number)
        except InvalidPage as error:
            raise Http404(_("No such page")) from error
        links = category_links(self.get_url(request=request), category)
        articles_page.object_list = article_cards(articles_page.object_list, request, links)
        context.update(
            feeds=feed_links(category),
            category=category,
            category_links=links.values(),
            articles=articles_page,
            paginator=paginator,
            page_range=paginator.get_elided_page_range(articles_page.number),
        )
        return context

    def grant_editors_permissions(self):
        """Let the editors' group create, edit and publish articles below this page."""
        group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=self,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )


def feed_links(category=None):
    """The feeds a news page announces: all news, and the category's when filtered."""
    kinds = [("rss", "application/rss+xml", "RSS"), ("atom", "application/atom+xml", "Atom")]
    links = [
        {"url": reverse(f"news_feed_{kind}"), "type": mime, "title": _("News (%s)") % label}
        for kind, mime, label in kinds
    ]
    if category is not None:
        links += [
            {
                "url": reverse(f"news_feed_{kind}_category", kwargs={"category": category.slug}),
                "type": mime,
                "title": _("News: %(category)s (%(format)s)")
                % {"category": category.name, "format": label},
            }
            for kind, mime, label in kinds
        ]
    return links


def single_parameter(request, name):
    """The one value of a GET parameter; a repeated parameter is a bad address."""
    values = request.GET.getlist(name)
    if len(values) != 1:
        raise Http404(_("Repeated parameter"))
    return values[0]


class ArticleLanguage(models.TextChoices):
    BOTH = "both", _("Swedish and English")
    SWEDISH = "sv", _("Swedish only")
    ENGLISH = "en", _("English only")


class NewsArticlePage(ViewRestrictionsFromCache, Page):
    date = models.DateField(
        _("publication date"),
        default=datetime.date.today,
        help_text=_("An article scheduled to go live later is dated the day it goes live."),
    )
    categories = ParentalManyToManyField(
        NewsCategory, blank=True, related_name="articles", verbose_name=_("categories")
    )
    # Required per language in clean(): an English-only article has no Swedish teaser.
    teaser = models.TextField(
        _("teaser"),
        max_length=400,
        blank=True,
        help_text=_("One or two sentences shown in lists."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Required with an image."),
    )
    languages = models.CharField(
        _("written in"),
        max_length=4,
        choices=ArticleLanguage.choices,
        default=ArticleLanguage.BOTH,
        help_text=_(
            "An article in one language only is shown in that language on both sites, "
            "with a notice."
        ),
    )
    change_note = models.CharField(
        _("what changed"),
        max_length=300,
        blank=True,
        help_text=_(
            "When you publish a correction or an addition, say in one sentence what changed. "
            "It is shown after the date of the update."
        ),
    )
    send_alert = models.BooleanField(
        _("send an e-mail alert"),
        default=True,
        help_text=_("Send an e-mail alert to subscribers when first published"),
    )
    # Set once, in the transaction that first publishes the article: the alert is queued
    # then and never again, even if the article is unpublished and published anew.
    alert_queued_at = models.DateTimeField(_("alert queued"), null=True, blank=True, editable=False)

    objects = NewsArticleManager()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("languages"),
                FieldPanel("send_alert"),
            ],
            heading=_("Publication"),
        ),
        FieldPanel("teaser"),
        FieldPanel("change_note"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        MultipleChooserPanel(
            "partnership_links",
            chooser_field_name="partnership",
            label=_("Related partnerships"),
            heading=_("Related partnerships"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    # A copy is another article, with an alert of its own.
    exclude_fields_in_copy = ["alert_queued_at"]

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        # Lists read the newest articles first: an index in that order lets PostgreSQL
        # read only the first page's rows instead of sorting every article.
        indexes = [models.Index(fields=["-date"], name="news_article_newest_first")]

    def clean(self):
        super().clean()
        if self.go_live_at and not self.first_published_at:
            # Scheduled: readers see the day it goes live, not the day it was written.
            self.date = max(self.date, timezone.localdate(self.go_live_at))
        missing = {}
        for code in self.written_in_languages:
            if not getattr(self, f"teaser_{code}", ""):
                missing[f"teaser_{code}"] = _("Write a teaser in each language of the article.")
            if self.image_id and not getattr(self, f"image_alt_{code}", ""):
                missing[f"image_alt_{code}"] = _("Describe the image for people who cannot see it.")
        if missing:
            raise ValidationError(missing)

    @property
    def written_in_languages(self):
        if self.languages == ArticleLanguage.BOTH:
            return ["sv", "en"]
        return [self.languages]

    @property
    def content_language(self):
        """The language the visitor actually reads this article in."""
        current = translation.get_language()
        return current if current in self.written_in_languages else self.languages

    @property
    def is_in_other_language(self):
        return self.content_language != translation.get_language()

    @property
    def description(self):
        return self.search_description or self.teaser

    @property
    def updated_on(self):
        """The day of the last change, when it came after the article was first published
        (on a later day than both its first publication and its publication date); else None.
        A correction on the day of publication is no update."""
        if not (self.first_published_at and self.last_published_at):
            return None
        updated = timezone.localdate(self.last_published_at)
        if updated > max(timezone.localdate(self.first_published_at), self.date):
            return updated
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news_index = self.get_parent().specific
        # Read once for the tags in the head and in the article (a preview's own choice).
        categories = list(self.categories.all())
        chosen = {category.pk for category in categories}
        links = category_links(news_index.get_url(request=request))
        context.update(
            news_index=news_index,
            feeds=feed_links(),
            categories=categories,
            category_links=links_of(links, chosen),
        )
        return context

    def save(self, *args, **kwargs):
        if self.alert_queued_at is None and self.pk and kwargs.get("update_fields") is None:
            # A page built from a revision saved before the alert went out (news.alerts)
            # knows nothing of it; it must not clear the record, or the article would count
            # as never announced.
            self.alert_queued_at = (
                NewsArticlePage.objects.filter(pk=self.pk)
                .values_list("alert_queued_at", flat=True)
                .first()
            )
        super().save(*args, **kwargs)


class NewsArticlePartnership(Orderable):
    """A partnership an article is about; the partnership's page lists the article."""

    page = ParentalKey(NewsArticlePage, related_name="partnership_links", on_delete=models.CASCADE)
    partnership = models.ForeignKey(
        "partners.Partnership",
        verbose_name=_("partnership"),
        related_name="news_links",
        on_delete=models.CASCADE,
    )

    panels = [FieldPanel("partnership")]

    class Meta(Orderable.Meta):
        verbose_name = _("related partnership")
        verbose_name_plural = _("related partnerships")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "partnership"], name="unique_article_partnership"
            )
        ]

    def __str__(self):
        return display_name(self.partnership_id and self.partnership)
