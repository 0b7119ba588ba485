"""Application rounds get a name per language and an optional exception for one year.

Rounds saved before they had names are named by their place on the page ("Ansökningsomgång
1" / "Application round 1"), which an editor then changes."""

import sys

import django.core.validators
from django.db import migrations, models
from django.db.models import Q



def name_rounds(apps, schema_editor):
    ApplicationRound = apps.get_model("programmes", "ApplicationRound")
    rounds = ApplicationRound.objects.filter(Q(name_sv__isnull=True) | Q(name_sv=""))
    for number, round_ in enumerate(rounds.order_by("page_id", "sort_order", "pk"), start=1):
        round_.name_sv = round_.name = f"Ansökningsomgång {number}"
        round_.name_en = round_.name_en or f"Application round {number}"
        round_.save(update_fields=["name", "name_sv", "name_en"])
        sys.stdout.write(f"  programmes.ApplicationRound {round_.pk}: named {round_.name_sv!r}\n")


class Migration(migrations.Migration):
    dependencies = [("programmes", "0004_plural_names")]

    operations = [
        migrations.AddField(
            model_name="applicationround",
            name="name",
            field=models.CharField(
                default="",
                help_text="E.g. “Spring round”; shown with its dates.",
                max_length=100,
                verbose_name="name",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="applicationround",
            name="name_sv",
            field=models.CharField(
                help_text="E.g. “Spring round”; shown with its dates.",
                max_length=100,
                null=True,
                verbose_name="name",
            ),
        ),
        migrations.AddField(
            model_name="applicationround",
            name="name_en",
            field=models.CharField(
                help_text="E.g. “Spring round”; shown with its dates.",
                max_length=100,
                null=True,
                verbose_name="name",
            ),
        ),
        migrations.AddField(
            model_name="applicationround",
            name="exception_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="One year in which the round opens and closes on other days, or not at all.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(2000),
                    django.core.validators.MaxValueValidator(2100),
                ],
                verbose_name="year",
            ),
        ),
        migrations.AddField(
            model_name="applicationround",
            name="exception_cancelled",
            field=models.BooleanField(default=False, verbose_name="no round that year"),
        ),
        migrations.AddField(
            model_name="applicationround",
            name="exception_opens",
            field=models.DateField(blank=True, null=True, verbose_name="opens that year"),
        ),
        migrations.AddField(
            model_name="applicationround",
            name="exception_closes",
            field=models.DateField(blank=True, null=True, verbose_name="closes that year"),
        ),
        migrations.RunPython(name_rounds, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="applicationround",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_sv__isnull", False), models.Q(("name_sv", ""), _negated=True)),
                name="applicationround_has_swedish_name",
                violation_error_message="Enter the name in Swedish.",
            ),
        ),
    ]
