from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def mark_published_articles_as_alerted(apps, schema_editor):
    # Articles published before alerts existed were news long ago: publishing them again
    # must not send an alert.
    NewsArticlePage = apps.get_model("news", "NewsArticlePage")
    Page = apps.get_model("wagtailcore", "Page")
    first_published = Page.objects.filter(pk=OuterRef("pk")).values("first_published_at")[:1]
    NewsArticlePage.objects.filter(first_published_at__isnull=False).update(
        alert_queued_at=Subquery(first_published)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0007_plural_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="newsarticlepage",
            name="alert_queued_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="alert queued"
            ),
        ),
        migrations.AddField(
            model_name="newsarticlepage",
            name="send_alert",
            field=models.BooleanField(
                default=True,
                help_text="Send an e-mail alert to subscribers when first published",
                verbose_name="send an e-mail alert",
            ),
        ),
        migrations.RunPython(mark_published_articles_as_alerted, migrations.RunPython.noop),
    ]
