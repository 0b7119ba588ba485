"""The public "Find a partner / Register interest" form, a route of the database page.

A Swedish member organisation, or a local government in an eligible partner country, asks to
be listed as seeking a partner. The request is stored as a PartnerRequest for the programme
team to review (partners.wagtail_hooks) and nothing is published before an editor approves
it. The programme mailbox is told, and the requester gets a receipt in their language.

The page is rendered for each visitor with Django's CSRF token; the token's cookie keeps it
out of the page cache (icld_site.cache), and the responses say so themselves. Submissions are
limited per address and per e-mail address (PARTNER_REQUEST_RATE_LIMIT a day, counted by
icld_site.limits), and a field that people never see catches simple robots.
"""

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icld_site.fields import EmailAddressFormField
from icld_site.limits import allow, client_address
from icld_site.mail import queue_mail
from icld_site.validators import canonical_address, validate_one_line

from ..models import (
    SWEDISH_ORGANISATION_TYPES,
    County,
    Organisation,
    OrganisationType,
    PartnerRequest,
    Region,
    ThematicArea,
    route_url,
    serving,
)
from ..models.geography import Country
from ..models.requests import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH
from .views import render_object

RATE_WINDOW_SECONDS = 24 * 3600
# The largest key a database column holds; SQLite raises OverflowError on a larger number.
LARGEST_KEY = 2**63 - 1


def is_possible_key(value):
    try:
        return abs(int(value)) <= LARGEST_KEY
    except (TypeError, ValueError):
        return True


class ObjectChoiceField(forms.ModelChoiceField):
    """A choice of one object: a number no key can be is a wrong choice, not a 500."""

    def to_python(self, value):
        if not is_possible_key(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
        return super().to_python(value)


class ObjectsChoiceField(forms.ModelMultipleChoiceField):
    """A choice of objects: a number no key can be is a wrong choice, not a 500."""

    def _check_values(self, value):
        for key in value:
            if not is_possible_key(key):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], "invalid_pk_value", {"pk": key}
                )
        return super()._check_values(value)


DESCRIPTIONS = ("description_sv", "description_en")
SWEDISH_TYPES = {t.value for t in SWEDISH_ORGANISATION_TYPES}
PHONE = RegexValidator(
    r"^\+?[0-9 ()\-]{5,30}$",
    message=_("Enter a telephone number using digits, spaces, “+”, “-” and brackets."),
)


def _max_length_message():
    return _("Write at most %(limit_value)d characters (you wrote %(show_value)d).")


def _description(label):
    """A description in one language: optional here, since one of the two will do."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": _max_length_message(),
            "null_characters_not_allowed": _("The text contains characters that are not allowed."),
        },
    )


def _single_line(label, max_length, required=True, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[validate_one_line],
        error_messages={
            "max_length": _max_length_message(),
            "required": _("Fill in this field."),
            "null_characters_not_allowed": _("The text contains characters that are not allowed."),
        },
        **kwargs,
    )


def organisation_choices():
    """The organisations of the database, the Swedish ones first, then each eligible
    partner country's local governments, grouped for a <select> that needs no script."""
    choices = [("", _("– Not in the list: I give its name below –"))]
    swedish = [(o.pk, o.name) for o in Organisation.objects.swedish().order_by("name")]
    if swedish:
        choices.append((_("Swedish municipalities, regions and federations"), swedish))
    by_country = {}
    partners = Organisation.objects.partner_side().filter(country__eligible=True)
    for organisation in partners.select_related("country"):
        by_country.setdefault(organisation.country, []).append((organisation.pk, organisation.name))
    for country in sorted(by_country, key=str):
        choices.append((str(country), sorted(by_country[country], key=lambda c: c[1])))
    return choices


NEW_TYPES = [("", _("– Choose –")), *OrganisationType.choices]
WANTED_REGIONS = [(value, label) for value, label in Region.choices if value != Region.SWEDEN]


class PartnerRequestForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Your organisation"),
        required=False,
        coerce=int,
        help_text=_("Choose it if it is in the database; otherwise give its name below."),
        error_messages={
            "invalid_choice": _("Choose an organisation from the list, or give a new one's name.")
        },
    )
    organisation_name = _single_line(
        _("Name of the organisation (if not in the list)"), NAME_MAX_LENGTH, required=False
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=NEW_TYPES,
        required=False,
        error_messages={"invalid_choice": _("Choose a type from the list.")},
    )
    organisation_county = forms.ChoiceField(
        label=_("County (Swedish organisations)"),
        choices=[("", _("– Choose –")), *County.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a county from the list.")},
    )
    organisation_country = ObjectChoiceField(
        label=_("Country (local governments in a partner country)"),
        queryset=Country.objects.eligible(),
        required=False,
        empty_label=_("– Choose –"),
        error_messages={"invalid_choice": _("Choose a country from the list.")},
    )
    wanted_regions = forms.MultipleChoiceField(
        label=_("Regions where you want a partner"),
        choices=WANTED_REGIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose regions from the list.")},
    )
    wanted_countries = ObjectsChoiceField(
        label=_("Countries where you want a partner"),
        queryset=Country.objects.eligible(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose countries from the list."),
            "invalid_pk_value": _("Choose countries from the list."),
        },
    )
    thematic_areas = ObjectsChoiceField(
        label=_("Thematic areas"),
        queryset=ThematicArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one thematic area."),
            "invalid_choice": _("Choose thematic areas from the list."),
            "invalid_pk_value": _("Choose thematic areas from the list."),
        },
    )
    description_sv = _description(_("Description in Swedish"))
    description_en = _description(_("Description in English"))
    contact_name = _single_line(_("Contact person's name"), NAME_MAX_LENGTH)
    contact_role = _single_line(_("Role"), NAME_MAX_LENGTH, required=False)
    contact_email = EmailAddressFormField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            "required": _("Fill in this field."),
            "invalid": _("Enter an e-mail address such as name@example.se."),
            "max_length": _max_length_message(),
        },
    )
    contact_phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=30,
        validators=[validate_one_line, PHONE],
        error_messages={"max_length": _max_length_message()},
    )
    consent = forms.BooleanField(
        label=_("I agree that ICLD stores these details and, once approved, publishes them"),
        error_messages={"required": _("Tick the box to agree, or we cannot list the request.")},
    )
    # Hidden from people (CSS and aria-hidden); robots that fill in every field fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices()
        for name in ("contact_name", "contact_email", "contact_phone", "contact_role"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "contact_name": "name",
                "contact_email": "email",
                "contact_phone": "tel",
                "contact_role": "organization-title",
            }[name]

    def clean_organisation(self):
        pk = self.cleaned_data.get("organisation")
        if pk in (None, ""):
            return None
        # Only what the list offers: Swedish members and eligible countries' governments.
        offered = Organisation.objects.filter(
            Q(organisation_type__in=SWEDISH_ORGANISATION_TYPES) | Q(country__eligible=True)
        )
        organisation = offered.filter(pk=pk).first()
        if organisation is None:
            raise forms.ValidationError(
                self.fields["organisation"].error_messages["invalid_choice"]
            )
        return organisation

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation")
        if organisation is None and "organisation" not in self.errors:
            self._clean_new_organisation(data)
        is_swedish = (
            organisation.is_swedish
            if organisation
            else data.get("organisation_type") in SWEDISH_TYPES
        )
        wanted = set(data.get("wanted_countries") or [])
        regions = data.get("wanted_regions") or []
        if regions:
            wanted.update(Country.objects.eligible().filter(region__in=regions))
        data["all_wanted_countries"] = sorted(wanted, key=lambda c: c.pk)
        if is_swedish and not wanted and "wanted_countries" not in self.errors:
            self.add_error(
                "wanted_countries",
                _("Choose at least one country or region where you want a partner."),
            )
        described = any((data.get(name) or "").strip() for name in DESCRIPTIONS)
        if not described and not set(DESCRIPTIONS) & set(self.errors):
            self.add_error(
                "description_sv",
                _("Describe what you are looking for in Swedish, in English or in both."),
            )
        return data

    def _clean_new_organisation(self, data):
        if not data.get("organisation_name", "").strip():
            if "organisation_name" not in self.errors:
                self.add_error(
                    "organisation",
                    _("Choose your organisation from the list, or give its name below."),
                )
            return
        organisation_type = data.get("organisation_type")
        if not organisation_type:
            if "organisation_type" not in self.errors:
                self.add_error("organisation_type", _("Choose the type of organisation."))
            return
        if organisation_type in SWEDISH_TYPES:
            if not data.get("organisation_county") and "organisation_county" not in self.errors:
                self.add_error(
                    "organisation_county", _("Choose the county of a Swedish organisation.")
                )
        elif not data.get("organisation_country") and "organisation_country" not in self.errors:
            self.add_error(
                "organisation_country",
                _("Choose the country of a local government in a partner country."),
            )

    def save(self, language):
        """The request, stored with its relations in one transaction."""
        data = self.cleaned_data
        organisation = data["organisation"]
        new = organisation is None
        swedish_new = new and data["organisation_type"] in SWEDISH_TYPES
        request = PartnerRequest.objects.create(
            language=language,
            organisation=organisation,
            organisation_name=data["organisation_name"].strip() if new else "",
            organisation_type=data["organisation_type"] if new else "",
            organisation_county=data["organisation_county"] if swedish_new else "",
            organisation_country=data["organisation_country"] if new and not swedish_new else None,
            description_sv=data["description_sv"].strip(),
            description_en=data["description_en"].strip(),
            contact_name=data["contact_name"].strip(),
            contact_role=data["contact_role"].strip(),
            contact_email=data["contact_email"].strip(),
            contact_phone=data["contact_phone"].strip(),
        )
        request.wanted_countries.set(data["all_wanted_countries"])
        request.thematic_areas.set(data["thematic_areas"])
        return request


def review_url(partner_request):
    """The absolute address of the request's review screen in the admin."""
    path = reverse("partner_request:edit", args=[partner_request.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify(partner_request):
    """Tell the programme mailbox and send the requester a receipt, in their language."""
    context = {"request": partner_request, "review_url": review_url(partner_request)}
    queue_mail(
        f"partner-request:{partner_request.pk}:team",
        "partner_request_received_team",
        to=settings.PROGRAMME_EMAIL,
        language=settings.LANGUAGE_CODE,
        context=context,
        reply_to=(partner_request.contact_name, partner_request.contact_email),
    )
    queue_mail(
        f"partner-request:{partner_request.pk}:receipt",
        "partner_request_receipt",
        to=(partner_request.contact_name, partner_request.contact_email),
        language=partner_request.language,
        context={**context, "programme_email": settings.PROGRAMME_EMAIL},
    )


def _render(page, request, template, context, status=200):
    response = render_object(
        page, request, template, "about", RequestRoute(context.pop("route")), context
    )
    response.status_code = status
    add_never_cache_headers(response)
    return response


class RequestRoute:
    """A route of the form, which the language switcher links to in each language."""

    def __init__(self, name):
        self.name = name

    def get_absolute_url(self):
        return route_url(self.name)


def register_interest(page, request):
    serving(page)
    status = 200
    too_many = False
    if request.method == "POST":
        form = PartnerRequestForm(request.POST)
        if form.is_valid():
            email = form.cleaned_data["contact_email"]
            limit = settings.PARTNER_REQUEST_RATE_LIMIT
            # Both are counted, so that neither check hides the other's use.
            by_address = allow(
                "partner-request", client_address(request), limit, RATE_WINDOW_SECONDS
            )
            by_email = allow(
                "partner-request-email", canonical_address(email), limit, RATE_WINDOW_SECONDS
            )
            if by_address and by_email:
                with transaction.atomic():
                    partner_request = form.save(translation.get_language())
                    notify(partner_request)
                return HttpResponseRedirect(route_url("register_interest_thanks"))
            too_many, status = True, 429
        else:
            status = 400
    else:
        form = PartnerRequestForm()
    return _render(
        page,
        request,
        "partners/register_interest_page.html",
        {
            "route": "register_interest",
            "form": form,
            "too_many": too_many,
            "programme_email": settings.PROGRAMME_EMAIL,
            "breadcrumb_current": gettext("Register interest"),
        },
        status=status,
    )


def register_interest_thanks(page, request):
    serving(page)
    return _render(
        page,
        request,
        "partners/register_interest_thanks.html",
        {
            "route": "register_interest_thanks",
            "breadcrumb_current": gettext("Register interest"),
            "programme_email": settings.PROGRAMME_EMAIL,
        },
    )
