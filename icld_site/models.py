from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import (
    Avg,
    Case,
    Count,
    FloatField,
    IntegerField,
    OuterRef,
    Subquery,
    When,
)
from django.db.models.functions import Cast, Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page

from .fields import EmailAddressField
from .validators import canonical_address


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What every page's footer shows, editable without a deploy."""

    contact_email = EmailAddressField(_("programme e-mail address"), default="partnership@icld.se")
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("How the site handles personal data; linked from the footer and forms."),
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("accessibility_statement"),
        FieldPanel("privacy_notice"),
    ]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")


class MenuTitleMixin(models.Model):
    """A page that can stand in the main menu under a label of its own.

    The programme page and the site share a name, so the menu needs a label that says where
    the link leads ("Om programmet") without changing the page's heading.
    """

    menu_title = models.CharField(
        _("menu label"),
        max_length=40,
        blank=True,
        help_text=_("Shown in the main menu instead of the title, if given."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("menu_title")]

    class Meta:
        abstract = True

    @property
    def menu_label(self):
        return self.menu_title or self.title


class OutgoingMessage(models.Model):
    """One e-mail on its way out (icld_site.mail): queued until the mail server has
    accepted it, then kept as a record of what was sent, without its body."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")

    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.CharField(_("recipient"), max_length=320)
    reply_to = models.CharField(_("reply-to"), max_length=320, blank=True)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.key} → {self.recipient}"


class PageFeedbackQuerySet(models.QuerySet):
    def with_page_summary(self):
        """Each answer with the share of yes (in whole per cent) and the number of answers
        about its page, for the editors' report."""
        same_page = PageFeedback.objects.filter(page=OuterRef("page")).order_by().values("page")
        yes = Case(When(helpful=True, then=100.0), default=0.0, output_field=FloatField())
        return self.annotate(
            page_yes_percent=Cast(
                Round(Subquery(same_page.annotate(share=Avg(yes)).values("share")[:1])),
                IntegerField(),
            ),
            page_answers=Subquery(same_page.annotate(total=Count("pk")).values("total")[:1]),
        )


class PageFeedback(models.Model):
    """A visitor's answer to "Was this page helpful?". Nothing about the visitor is kept:
    no address, no time of day, and no comment that contains an e-mail address."""

    COMMENT_MAX_LENGTH = 1000

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    created_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)

    objects = PageFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        ordering = ["-created_on", "-pk"]

    def __str__(self):
        return f"{self.page} ({self.created_on:%Y-%m-%d})"


class Subscriber(models.Model):
    """An e-mail address that has asked for messages (icld_site.subscriptions). Only the
    address, its language and when it signed up and first confirmed are kept."""

    email = EmailAddressField(_("e-mail address"), max_length=254, unique=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        permissions = [("view_subscriber_address", _("Can look up subscribers by address"))]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        # One address, one subscriber, however it was typed.
        self.email = canonical_address(self.email)
        super().save(*args, **kwargs)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def of_topic(self, name):
        return self.filter(topic=name)

    def unconfirmed_older_than(self, days, now=None):
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.unconfirmed().filter(created_at__lt=cutoff)

    def counts(self):
        """Confirmed and unconfirmed subscriptions per topic, params and frequency: what
        editors may see, without a single address."""
        confirmed = Count("pk", filter=models.Q(confirmed_at__isnull=False))
        return (
            self.order_by()
            .values("topic", "params", "frequency")
            .annotate(confirmed=confirmed, unconfirmed=Count("pk") - confirmed)
            .order_by("topic", "params", "frequency")
        )


class Subscription(models.Model):
    """What one subscriber wants to hear about: a registered topic
    (icld_site.subscriptions.topics()) narrowed by `params`, at a frequency. Nothing is
    sent before it is confirmed."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As soon as it is published")
        WEEKLY = "weekly", _("Weekly digest")

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    topic = models.CharField(_("topic"), max_length=20)
    params = models.CharField(_("choices"), max_length=1000, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "topic", "params"], name="one_subscription_per_choice"
            )
        ]
        indexes = [models.Index(fields=["topic", "params"])]

    def __str__(self):
        return f"{self.topic}?{self.params}" if self.params else self.topic

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None
