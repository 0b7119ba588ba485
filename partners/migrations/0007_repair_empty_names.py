"""Existing rows get a Swedish name before 0007 makes it required: from the English name,
then ISO 3166 (countries) or the slug. Each repair is written to standard output."""

import sys

from django.db import migrations

from icld_site.names import repair_swedish_names, words_from_slug
from partners.countries import country_names


def report(line):
    sys.stdout.write(f"  {line}\n")


def repair(apps, schema_editor):
    ThematicArea = apps.get_model("partners", "ThematicArea")
    Country = apps.get_model("partners", "Country")
    Organisation = apps.get_model("partners", "Organisation")

    repair_swedish_names(
        ThematicArea, lambda area: area.name_en or area.name or words_from_slug(area.slug), report
    )
    repair_swedish_names(
        Country,
        lambda country: (country_names(country.code) or {}).get("sv")
        or country.name_en
        or country.name
        or country.code,
        report,
    )
    for organisation in Organisation.objects.filter(name=""):
        organisation.name = words_from_slug(organisation.slug) or f"#{organisation.pk}"
        organisation.save(update_fields=["name"])
        report(f"partners.Organisation {organisation.pk}: empty name set to {organisation.name!r}")


class Migration(migrations.Migration):
    dependencies = [("partners", "0006_menu_title")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
