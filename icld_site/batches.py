"""Work done row by row for many rows (cron commands, admin bulk actions, mail to every
subscriber): one bad row never stops the rest.

`each_row(rows, action, what=...)` calls `action(row)` for every row, each in a transaction
(a savepoint) of its own. A row whose action fails is rolled back, logged with its primary
key (never an address) and counted, and the next row goes ahead. A database that cannot be
reached is the exception: every row would fail alike, so the run stops there.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.utils import translation

logger = logging.getLogger(__name__)

# What every row would meet alike: no point in going on.
STOPS_THE_RUN = (OperationalError, InterfaceError)


@dataclass
class Outcome:
    """How many rows an action was done for, found nothing to do for, and failed on."""

    done: int = 0
    skipped: int = 0
    failed: int = 0


def each_row(rows, action, *, what, name=None):
    """Call `action(row)` for each row; an action returns False when the row needed
    nothing. `what` names the run in the log, `name(row)` a row (default: its model and
    primary key). Returns an Outcome."""
    outcome = Outcome()
    for row in rows:
        try:
            with transaction.atomic():
                done = action(row)
        except STOPS_THE_RUN:
            raise
        except Exception as error:
            outcome.failed += 1
            _log_failure(what, (name or row_name)(row), error)
        else:
            if done is False:
                outcome.skipped += 1
            else:
                outcome.done += 1
    return outcome


def each_made(rows, make, *, what, name=None):
    """`make(row)` for each row, as a generator, leaving out (and logging) the rows it
    fails on: for work that writes nothing itself, such as rendering one message each."""
    for row in rows:
        try:
            made = make(row)
        except STOPS_THE_RUN:
            raise
        except Exception as error:
            _log_failure(what, (name or row_name)(row), error)
            continue
        yield made


def _log_failure(what, row, error):
    if isinstance(error, ValidationError):
        # Data stored before a stricter check (an address that cannot be sent to).
        with translation.override("en"):
            reason = "; ".join(error.messages)
        logger.warning("%s: skipped %s (%s)", what, row, reason)
    else:
        logger.error("%s: failed on %s, carried on with the rest", what, row, exc_info=error)


def row_name(row):
    """A row as the log names it: model and primary key, for each part of a tuple."""
    if isinstance(row, tuple):
        return ", ".join(row_name(part) for part in row)
    pk = getattr(row, "pk", None)
    return f"{type(row).__name__} {pk}" if pk is not None else type(row).__name__
