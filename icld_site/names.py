"""Names that every model with a translated name shares: Swedish is required.

django-modeltranslation adds `name_sv` and `name_en` beside `name`; both columns are
nullable, so without these rules a name could be saved empty in every language and the
object would show up as a blank option or as "ThematicArea object (11)".
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SWEDISH_NAME_MISSING = _("Enter the name in Swedish.")


def swedish_name_constraint(model_name, field="name"):
    """A CHECK constraint that the Swedish translation of `field` is never empty."""
    swedish = f"{field}_sv"
    return models.CheckConstraint(
        # A CHECK passes on NULL, so NULL is ruled out explicitly.
        condition=Q(**{f"{swedish}__isnull": False}) & ~Q(**{swedish: ""}),
        name=f"{model_name}_has_swedish_{field}",
        violation_error_message=SWEDISH_NAME_MISSING,
    )


def require_swedish_name(instance, field="name"):
    """Model.clean(): the error lands on the Swedish field of the admin form."""
    swedish = f"{field}_sv"
    if not (getattr(instance, swedish, None) or "").strip():
        raise ValidationError({swedish: SWEDISH_NAME_MISSING})


def display_name(*candidates):
    """The first non-empty candidate: what __str__ shows, never Django's "X object (N)"."""
    for candidate in candidates:
        if candidate:
            return str(candidate)
    return str(_("(no name)"))


def repair_swedish_names(model, fallback, report, field="name"):
    """Fill every empty Swedish `field` of `model` (a migration's historical model) with
    `fallback(obj)`, and write one line per repaired object to `report`.

    Used by the data migrations that precede the constraints above, so that existing rows
    satisfy them; returns the number of rows changed.
    """
    swedish = f"{field}_sv"
    empty = model._default_manager.filter(Q(**{f"{swedish}__isnull": True}) | Q(**{swedish: ""}))
    changed = 0
    for obj in empty:
        value = fallback(obj)
        setattr(obj, swedish, value)
        obj.save(update_fields=[swedish])
        changed += 1
        report(f"{model._meta.label} {obj.pk}: empty Swedish {field} set to {value!r}")
    return changed


def words_from_slug(slug):
    """ "miljo-och-klimat" -> "Miljo och klimat": a readable stand-in for a lost name."""
    return (slug or "").replace("-", " ").strip().capitalize()
