from django.db import migrations, models

from partners.search import facet_keys_for


def fill_facet_keys(apps, schema_editor):
    """The facet keys of every existing partnership, in chunks."""
    Partnership = apps.get_model("partners", "Partnership")
    partnerships = Partnership.objects.order_by("pk").prefetch_related(
        "swedish_organisations", "partner_organisations", "thematic_areas"
    )
    chunk = []
    for partnership in partnerships.iterator(chunk_size=1000):
        partnership.facet_keys = facet_keys_for(partnership)
        chunk.append(partnership)
        if len(chunk) == 1000:
            Partnership.objects.bulk_update(chunk, ["facet_keys"])
            chunk = []
    Partnership.objects.bulk_update(chunk, ["facet_keys"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0015_listing_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="partnership",
            name="facet_keys",
            field=models.TextField(blank=True, editable=False, verbose_name="facet keys"),
        ),
        migrations.RunPython(fill_facet_keys, migrations.RunPython.noop, elidable=True),
    ]
