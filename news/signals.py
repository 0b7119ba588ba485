from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import NewsIndexPage


@receiver(post_save, sender=NewsIndexPage)
def grant_editors_permissions(sender, instance, created, raw=False, **kwargs):
    # The page is made after migrations run (by an editor or the demo content), so the
    # editors' group gets its rights on the news section when the section is created.
    if created and not raw:
        instance.grant_editors_permissions()
