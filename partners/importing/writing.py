"""Writing a checked plan in one transaction, BATCH_SIZE rows at a time, with what the
model's signals would have done: revisions, log entries, search text, reference index and
the page cache."""

import time
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision

from icld_site.cache import retire_pages
from partners.models import Partnership, unique_slugs
from partners.search import DOCUMENT_COLUMNS, fill_document, update_vectors

from .relations import RELATIONS, chunked, through, through_columns
from .rows import UNCHANGED

# The log action of an imported partnership; its message is registered in wagtail_hooks.
LOG_ACTION = "partners.import"


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    seconds: float = 0.0


def apply_plan(plan, *, user=None, filename="", progress=None):
    """Write a checked plan in one transaction: all rows or, on any error, none.

    Each created or updated partnership gets a revision and a log entry ("imported from
    FILE by USER"); rows that change nothing are left alone."""
    if not plan.is_valid:
        raise ValueError("Only a plan without problems can be applied.")
    started = time.monotonic()
    rows = [row for row in plan.rows if row.action != UNCHANGED]
    summary = ImportSummary(
        created=plan.to_create, updated=plan.to_update, unchanged=plan.unchanged
    )
    now = timezone.now()
    # One uuid groups the log entries of one import, as Wagtail does for one action.
    batch = _ImportBatch(user=user, filename=filename, now=now, uuid=uuid.uuid4())
    with transaction.atomic():
        new = [row for row in rows if row.existing is None]
        slugs = unique_slugs(
            Partnership,
            [row.values["title_sv"] for row in new if not row.values.get("slug")],
            reserved=[row.values["slug"] for row in new if row.values.get("slug")],
        )
        generated = iter(slugs)
        for row in new:
            if not row.values.get("slug"):
                row.values["slug"] = next(generated)
        done = 0
        for chunk in chunked(rows):
            batch.write(chunk)
            done += len(chunk)
            if progress:
                progress(done, len(rows))
        transaction.on_commit(_retire_cached_pages)
    summary.seconds = time.monotonic() - started
    return summary


@dataclass
class _ImportBatch:
    """Writes rows of a plan, BATCH_SIZE at a time: a fixed number of queries per batch,
    plus one UPDATE per updated partnership (bulk_update() would build a CASE over every
    row for every field, which costs more than that)."""

    user: object
    filename: str
    now: object
    uuid: object

    def write(self, rows):
        pairs = [(self.prepare(row), row) for row in rows]
        partnerships = [partnership for partnership, _row in pairs]
        Partnership.objects.bulk_create([p for p, row in pairs if row.existing is None])
        for partnership, row in pairs:
            if row.existing is not None:
                fields = [name for name in row.changes if name not in RELATIONS]
                fields += [*DOCUMENT_COLUMNS, "updated_at", "listed_at"]
                Partnership.objects.filter(pk=partnership.pk).update(
                    **{name: getattr(partnership, name) for name in fields}
                )
        self.write_relations(pairs)
        pks = [partnership.pk for partnership in partnerships]
        update_vectors(pks)
        revisions = self.write_revisions(partnerships)
        ModelLogEntry.objects.bulk_create(
            ModelLogEntry(
                content_type=partnership.get_content_type(),
                object_id=str(partnership.pk),
                label=ModelLogEntry.objects.get_instance_title(partnership),
                action=LOG_ACTION,
                data={"filename": self.filename, "row": row.row, "created": row.existing is None},
                user=self.user,
                revision=revision,
                content_changed=True,
                uuid=self.uuid,
                timestamp=self.now,
            )
            for (partnership, row), revision in zip(pairs, revisions, strict=True)
        )
        index_references(partnerships)

    def prepare(self, row):
        """The partnership as the row leaves it, relations and search text in memory,
        nothing written yet."""
        partnership = row.existing or row.partnership
        for name, value in row.values.items():
            setattr(partnership, name, value)
        partnership.updated_at = self.now
        # Bulk writes bypass save(): a row that lists a partnership anew says so itself.
        partnership.note_listing(self.now)
        for name in RELATIONS:
            if getattr(row, name) is not None:
                getattr(partnership, name).set(getattr(row, name))
            elif row.existing is None:
                getattr(partnership, name).set([])
        if row.existing is None:
            partnership.contacts.set([])
            partnership.wanted_countries.set([])
        fill_document(partnership)
        return partnership

    def write_relations(self, pairs):
        """Replace the through-table rows of the relations that each row sets or changes."""
        for name in RELATIONS:
            source, target = through_columns(name)
            table = through(name)
            changed = [
                (partnership, row)
                for partnership, row in pairs
                if (row.existing is None and getattr(row, name)) or name in row.changes
            ]
            table.objects.filter(
                **{f"{source}__in": [p.pk for p, row in changed if row.existing is not None]}
            ).delete()
            table.objects.bulk_create(
                table(**{source: partnership.pk, target: item.pk})
                for partnership, row in changed
                for item in getattr(row, name)
            )

    def write_revisions(self, partnerships):
        """A revision of each partnership as imported, made its latest (as save_revision()
        does, but for a whole batch in two queries)."""
        revisions = Revision.objects.bulk_create(
            Revision(
                content_type=partnership.get_content_type(),
                base_content_type=partnership.get_base_content_type(),
                object_id=str(partnership.pk),
                user=self.user,
                created_at=self.now,
                content=partnership.serializable_data(),
                object_str=str(partnership),
            )
            for partnership in partnerships
        )
        for partnership, revision in zip(partnerships, revisions, strict=True):
            partnership.latest_revision = revision
        newest = (
            Revision.objects.filter(
                base_content_type=Partnership.get_base_content_type(),
                object_id=Cast(OuterRef("pk"), output_field=CharField()),
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        Partnership.objects.filter(pk__in=[p.pk for p in partnerships]).update(
            latest_revision=Subquery(newest)
        )
        return revisions


def index_references(partnerships):
    """What ReferenceIndex.create_or_update_for_object() does for each partnership (which
    the post_save signal would have queued), for a whole batch in three queries instead of
    two or three per partnership, the largest cost of an import otherwise. It reuses
    Wagtail's own extraction of references; a test checks that the records are the ones
    Wagtail would write."""
    content_type = Partnership.get_content_type()
    base_content_type = Partnership.get_base_content_type()
    existing = defaultdict(dict)
    records = ReferenceIndex.objects.filter(
        base_content_type=base_content_type,
        object_id__in=[str(partnership.pk) for partnership in partnerships],
    ).values_list(
        "id", "object_id", "to_content_type", "to_object_id", "model_path", "content_path"
    )
    for pk, object_id, *reference in records:
        existing[object_id][tuple(reference)] = pk
    added, removed = [], []
    for partnership in partnerships:
        references = set(ReferenceIndex._extract_references_from_object(partnership))
        recorded = existing[str(partnership.pk)]
        removed += [pk for reference, pk in recorded.items() if reference not in references]
        added += [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=partnership.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in references
            - recorded.keys()
        ]
    ReferenceIndex.objects.bulk_create(added, ignore_conflicts=True)
    ReferenceIndex.objects.filter(pk__in=removed).delete()


def _retire_cached_pages():
    # Bulk writes send no post_save signal, so the page cache is told once, here, to take
    # effect when the import commits.
    retire_pages()
