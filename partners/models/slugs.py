"""Slugs that no other object of a model has yet."""

import itertools
from collections import Counter

from django.utils.text import slugify

# Longest suffix unique_slugs() looks ahead for ("-" and up to nine digits).
SLUG_SUFFIX_ROOM = 10


def slug_candidates(model, text, max_length):
    """The slugs `text` may get, in order of preference: "x", "x-2", "x-3", …"""
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    yield base
    for number in itertools.count(2):
        suffix = f"-{number}"
        yield base[: max_length - len(suffix)] + suffix


def unique_slug(model, text, max_length=80, exclude_pk=None):
    existing = model._default_manager.exclude(pk=exclude_pk)
    for slug in slug_candidates(model, text, max_length):
        if not existing.filter(slug=slug).exists():
            return slug


def unique_slugs(model, texts, max_length=80, reserved=()):
    """unique_slug() for many new objects at once, none of them taking another's slug or
    one in `reserved`: a query per 500 texts plus one per text whose slug is already taken,
    rather than one or more per text."""
    manager = model._default_manager
    bases = [next(slug_candidates(model, text, max_length)) for text in texts]
    taken = set(reserved)
    uses = Counter(bases)
    distinct = list(uses)
    for start in range(0, len(distinct), 500):
        chunk = distinct[start : start + 500]
        taken.update(manager.filter(slug__in=chunk).values_list("slug", flat=True))
    repeated = {base for base in distinct if base in taken or uses[base] > 1}
    for base in repeated:
        # Every slug a suffixed candidate could collide with starts like this.
        prefix = base[: max_length - SLUG_SUFFIX_ROOM]
        taken.update(manager.filter(slug__startswith=prefix).values_list("slug", flat=True))
    slugs = []
    for text in texts:
        slug = next(s for s in slug_candidates(model, text, max_length) if s not in taken)
        taken.add(slug)
        slugs.append(slug)
    return slugs
