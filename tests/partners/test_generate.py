import pytest
from django.core.management import call_command

from partners.models import Organisation, Partnership

pytestmark = pytest.mark.django_db


def test_generate_partnerships_bulk_creates_with_relations(capsys):
    before = Partnership.objects.count()
    call_command("generate_partnerships", "--count", "2500", "--organisations", "40")
    assert Partnership.objects.count() == before + 2500
    synthetic = Partnership.objects.filter(slug__startswith="synthetic-")
    assert not synthetic.active().filter(partner_organisations__isnull=True).exists()
    assert not synthetic.active().filter(swedish_organisations__isnull=True).exists()
    assert Organisation.objects.filter(slug__startswith="synthetic-").count() == 80
    out = capsys.readouterr().out
    assert "2500/2500" in out
    assert "Created 80 organisations and 2500 partnerships" in out


def test_generated_partnerships_can_be_found_by_search():
    call_command("generate_partnerships", "--count", "30", "--organisations", "5")
    synthetic = Partnership.objects.filter(slug__startswith="synthetic-")
    assert not synthetic.filter(search_document="").exists()
    organisation = Organisation.objects.filter(slug__startswith="synthetic-").first()
    assert Partnership.objects.search(organisation.name).exists()
