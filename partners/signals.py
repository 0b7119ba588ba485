"""Keeping the partnerships' search text and facet keys current when they or what they name
change.

A partnership saved with its organisations and thematic areas sends a signal for itself and
one for each relation; each schedules its partnerships, and their text is rebuilt once, when
the transaction commits (at once outside a transaction). A deleted organisation or area
takes its relations with it without a signal of theirs, so its deletion schedules them.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete

from .models import Country, Organisation, Partnership, ThematicArea
from .search import rebuild

SEARCHED_RELATIONS = ("swedish_organisations", "partner_organisations", "thematic_areas")


class PendingRebuild:
    """The partnerships whose search text the current transaction changed."""

    def __init__(self):
        self.pks = set()
        self.everything = False
        self.done = False

    def __call__(self):
        self.done = True
        partnerships = Partnership.objects.all()
        if not self.everything:
            partnerships = partnerships.filter(pk__in=self.pks)
        rebuild(partnerships)


def schedule_rebuild(pks=None):
    """Rebuild the search text of partnerships `pks` (None: of every partnership) once the
    current transaction commits, together with every other partnership it changed."""
    connection = transaction.get_connection()
    # Django keeps the callbacks that wait for the commit in run_on_commit, as (savepoint
    # ids, callback, robust); one that a rolled-back savepoint registered is gone from it.
    pending = next(
        (
            callback
            for _savepoints, callback, _robust in connection.run_on_commit
            if isinstance(callback, PendingRebuild) and not callback.done
        ),
        None,
    )
    if pending is None:
        pending = PendingRebuild()
        add(pending, pks)
        transaction.on_commit(pending)
    else:
        add(pending, pks)


def add(pending, pks):
    if pks is None:
        pending.everything = True
    else:
        pending.pks.update(pks)


def partnership_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_rebuild([instance.pk])


def partnership_relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        schedule_rebuild([instance.pk])
    else:
        # From the organisation's or area's side: `pk_set` names the partnerships, or is
        # empty when all of them were cleared.
        schedule_rebuild(pk_set or None)


def named_thing_saved(sender, instance, raw=False, created=False, **kwargs):
    """A renamed organisation, country or area changes the documents it appears in."""
    if not (raw or created):
        schedule_rebuild(naming(instance).values_list("pk", flat=True))


def named_thing_deleted(sender, instance, **kwargs):
    """A deleted organisation or area leaves the documents and facet keys it appeared in;
    its partnerships are found now, before the deletion takes their relations with it."""
    pks = list(naming(instance).values_list("pk", flat=True))
    if pks:
        schedule_rebuild(pks)


def naming(instance):
    """The partnerships whose documents name an organisation, country or area."""
    if isinstance(instance, Organisation):
        return Partnership.objects.with_organisation(instance)
    if isinstance(instance, Country):
        return Partnership.objects.filter(country=instance)
    return Partnership.objects.filter(thematic_areas=instance)


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
    for model in (Organisation, ThematicArea):
        pre_delete.connect(
            named_thing_deleted, sender=model, dispatch_uid=f"search-{model._meta.model_name}"
        )
