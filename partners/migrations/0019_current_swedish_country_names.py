"""Countries stored with a Swedish name that Swedish no longer uses get today's name
(partners.countries.CURRENT_SWEDISH_NAMES); a name an editor chose is left alone."""

from django.db import migrations

# code: (the name pycountry's Swedish translation gave, the name in use today)
RENAMED = {
    "BY": ("Vitryssland", "Belarus"),
    "SZ": ("Swaziland", "Eswatini"),
    "LA": ("Demokratiska folkrepubliken Lao", "Laos"),
}


def rename(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    for code, (old, new) in RENAMED.items():
        # `name` is the column modeltranslation fills from the Swedish name.
        for field in ("name_sv", "name"):
            Country.objects.filter(code=code, **{field: old}).update(**{field: new})


def rename_back(apps, schema_editor):
    Country = apps.get_model("partners", "Country")
    for code, (old, new) in RENAMED.items():
        for field in ("name_sv", "name"):
            Country.objects.filter(code=code, **{field: new}).update(**{field: old})


class Migration(migrations.Migration):
    dependencies = [("partners", "0018_no_county_council_type")]

    operations = [migrations.RunPython(rename, rename_back)]
