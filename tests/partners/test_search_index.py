"""The search text of a partnership is rebuilt once per transaction, after it commits."""

from django.db import transaction

from partners import signals
from partners.models import Partnership
from tests.factories import (
    PartnerOrganisationFactory,
    PartnershipFactory,
    SwedishOrganisationFactory,
)


def unsaved_partnership(country, title_sv):
    """A partnership built as the admin's form builds it, to be saved by the test."""
    return Partnership(title_sv=title_sv, country=country, start_year=2021)


def test_a_partnership_saved_with_its_relations_is_rebuilt_once_after_the_commit(
    kenya, monkeypatch, django_capture_on_commit_callbacks
):
    borlange = SwedishOrganisationFactory(name="Borlänge kommun")
    nakuru = PartnerOrganisationFactory(name="Nakuru County Government", country=kenya)
    rebuilt = []
    rebuild = signals.rebuild

    def counting_rebuild(partnerships):
        rebuilt.append(sorted(partnerships.values_list("pk", flat=True)))
        return rebuild(partnerships)

    monkeypatch.setattr(signals, "rebuild", counting_rebuild)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        # As the admin's form saves it: the partnership, then each of its relations.
        partnership = unsaved_partnership(kenya, "Vattenrening")
        partnership.swedish_organisations.set([borlange])
        partnership.partner_organisations.set([nakuru])
        partnership.save()
        partnership.title_en = "Water treatment"
        partnership.save()
        assert rebuilt == []  # nothing before the commit

    assert rebuilt == [[partnership.pk]]
    found = Partnership.objects.search("borlange nakuru water")
    assert list(found.values_list("pk", flat=True)) == [partnership.pk]


def test_a_renamed_organisation_rebuilds_its_partnerships_once(
    kenya, django_capture_on_commit_callbacks
):
    falun = SwedishOrganisationFactory(name="Falu kommun")
    partnership = PartnershipFactory(country=kenya, swedish_organisations=[falun])
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        falun.name = "Mora Energi"
        falun.save()
        falun.save()
    assert len([c for c in callbacks if isinstance(c, signals.PendingRebuild)]) == 1
    assert Partnership.objects.search("energi").filter(pk=partnership.pk).exists()
    assert not Partnership.objects.search("falu").filter(pk=partnership.pk).exists()


def test_a_rolled_back_savepoint_takes_its_rebuild_with_it(
    kenya, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                unsaved_partnership(kenya, "Ångrat samarbete").save()
                raise RuntimeError
        except RuntimeError:
            pass
        kept = unsaved_partnership(kenya, "Kvarvarande samarbete")
        kept.save()
    assert len(callbacks) >= 1
    assert list(Partnership.objects.search("kvarvarande").values_list("pk", flat=True)) == [kept.pk]
