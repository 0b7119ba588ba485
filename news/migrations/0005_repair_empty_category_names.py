"""Existing categories get a Swedish name before 0005 makes it required: from the English
name or the slug. Each repair is written to standard output."""

import sys

from django.db import migrations

from icld_site.names import repair_swedish_names, words_from_slug


def repair(apps, schema_editor):
    repair_swedish_names(
        apps.get_model("news", "NewsCategory"),
        lambda category: category.name_en
        or category.name
        or words_from_slug(category.slug_sv or category.slug_en or category.slug),
        lambda line: sys.stdout.write(f"  {line}\n"),
    )


class Migration(migrations.Migration):
    dependencies = [("news", "0004_menu_title")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
