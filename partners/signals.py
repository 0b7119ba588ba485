"""Keeping the partnerships' search text current when they or what they name change."""

from django.db.models.signals import m2m_changed, post_save

from .models import Country, Organisation, Partnership, ThematicArea
from .search import rebuild

SEARCHED_RELATIONS = ("swedish_organisations", "partner_organisations", "thematic_areas")


def partnership_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.refresh_search_document()


def partnership_relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        instance.refresh_search_document()
    elif pk_set:
        rebuild(Partnership.objects.filter(pk__in=pk_set))
    else:
        rebuild(Partnership.objects.all())


def named_thing_saved(sender, instance, raw=False, created=False, **kwargs):
    """A renamed organisation, country or area changes the documents it appears in."""
    if raw or created:
        return
    if isinstance(instance, Organisation):
        partnerships = Partnership.objects.with_organisation(instance)
    elif isinstance(instance, Country):
        partnerships = Partnership.objects.filter(country=instance)
    else:
        partnerships = Partnership.objects.filter(thematic_areas=instance)
    rebuild(partnerships)


def connect_signals():
    post_save.connect(partnership_saved, sender=Partnership, dispatch_uid="partnership-search")
    for field_name in SEARCHED_RELATIONS:
        through = getattr(Partnership, field_name).through
        m2m_changed.connect(
            partnership_relations_changed, sender=through, dispatch_uid=f"search-{field_name}"
        )
    for model in (Organisation, Country, ThematicArea):
        post_save.connect(
            named_thing_saved, sender=model, dispatch_uid=f"search-{model._meta.model_name}"
        )
