"""One validator for every one-line field (icld_site.validators.validate_one_line): names,
roles, phone numbers and organisation names refuse every kind of line break, other control
characters and bidirectional controls, in every form."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from partners.contact import ContactForm
from partners.database.requests import PartnerRequestForm
from partners.forms import ContactDetailsForm
from partners.models import Country, ThematicArea
from tests.factories import PartnershipFactory
from tests.helpers import DATABASE, text

pytestmark = pytest.mark.django_db

BREAKS = ["a\u2028b", "a\x85b", "a\u2029b", "a\r\nb", "a\nb", "a\x0bb", "a\u202eb"]
ONE_LINE_FIELDS = {
    PartnerRequestForm: ["organisation_name", "contact_name", "contact_role", "contact_phone"],
    ContactDetailsForm: ["name", "phone", "role"],
    ContactForm: ["name"],
}


def form_of(form_class):
    if form_class is ContactForm:
        return form_class(PartnershipFactory())
    return form_class()


@pytest.mark.parametrize("value", BREAKS)
@pytest.mark.parametrize(
    ("form_class", "name"),
    [(form_class, name) for form_class, names in ONE_LINE_FIELDS.items() for name in names],
)
def test_every_one_line_field_refuses_every_line_break(form_class, name, value):
    with pytest.raises(ValidationError):
        form_of(form_class).fields[name].clean(value)


@pytest.mark.parametrize(
    ("language", "message"),
    [("sv", "Skriv detta på en rad"), ("en", "Write this on one line")],
)
@pytest.mark.parametrize("value", ["Åsa\u2028Bcc: x@example.org", "Åsa\x85Öberg"])
def test_a_partner_request_with_a_hidden_line_break_is_refused(client, language, message, value):
    cache.clear()
    data = {
        "organisation_name": "Testköpings kommun",
        "organisation_type": "municipality",
        "organisation_county": "AB",
        "wanted_countries": [Country.objects.get(code="KE").pk],
        "thematic_areas": [ThematicArea.objects.order_by("pk").first().pk],
        "description_sv": "Vi vill arbeta med medborgardialog.",
        "contact_name": value,
        "contact_email": "asa@testkoping.se",
        "consent": "on",
    }
    path = DATABASE[language] + ("anmal-intresse/" if language == "sv" else "register-interest/")
    response = client.post(path, data)
    assert response.status_code == 400
    assert message in text(response)
