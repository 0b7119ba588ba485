"""Swedish county councils (landsting) are regions since 2019: the organisations and
requests stored as "county-council" become "region", with the facet keys of their
partnerships and the saved searches that filtered by the old type. 0018 then drops the
choice."""

from django.db import migrations

from partners.search import facet_keys_for

OLD, NEW = "county-council", "region"


def county_councils_to_regions(apps, schema_editor):
    Organisation = apps.get_model("partners", "Organisation")
    PartnerRequest = apps.get_model("partners", "PartnerRequest")
    Partnership = apps.get_model("partners", "Partnership")
    Subscription = apps.get_model("icld_site", "Subscription")

    renamed = list(Organisation.objects.filter(organisation_type=OLD).values_list("pk", flat=True))
    Organisation.objects.filter(pk__in=renamed).update(organisation_type=NEW)
    PartnerRequest.objects.filter(organisation_type=OLD).update(organisation_type=NEW)

    partnerships = (
        Partnership.objects.filter(swedish_organisations__in=renamed)
        .distinct()
        .prefetch_related("swedish_organisations", "partner_organisations", "thematic_areas")
    )
    changed = []
    for partnership in partnerships:
        partnership.facet_keys = facet_keys_for(partnership)
        changed.append(partnership)
    Partnership.objects.bulk_update(changed, ["facet_keys"], batch_size=1000)

    # Saved searches of the database keep their filter under the type's new value; a
    # subscriber who already had the same search with it keeps that one.
    for subscription in Subscription.objects.filter(topic="search", params__contains=OLD):
        params = "&".join(
            f"type={NEW}" if part == f"type={OLD}" else part
            for part in subscription.params.split("&")
        )
        duplicate = Subscription.objects.filter(
            subscriber=subscription.subscriber_id, topic="search", params=params
        ).exists()
        if duplicate:
            subscription.delete()
        else:
            subscription.params = params
            subscription.save(update_fields=["params"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0016_partnership_facet_keys"),
        ("icld_site", "0010_subscription_editors"),
    ]

    operations = [
        migrations.RunPython(county_councils_to_regions, migrations.RunPython.noop),
    ]
