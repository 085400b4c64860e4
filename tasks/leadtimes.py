"""Lead-time stages: which alert a due item has reached on a given day (pure, no database).

Rules (the product decisions the scan and the users rely on):

Stages
    A kind has lead times in days before the due date, e.g. notice (180, 90, 30, 7, -1). A
    negative lead is "after the due date": -1 is the overdue alert on the day after. A stage
    is *reached* once ``due_date - lead <= today`` (not ``== today``), so a scan that did not run
    on the exact day still finds it.

Only the most urgent stage
    Each scan creates, per item and recipient, only the *current* stage: the smallest reached
    lead. When the daily scan runs every day each stage goes out on its day; after a missed scan
    (or for an item entered late) the stages that were skipped are not sent, so nobody gets the
    180-, 90-, 30- and 7-day alerts at once. A stage already notified is never sent again (the
    notification's unique key includes the lead), and a new stage is sent when it is reached.

Catching up, and when to stop
    A kind without an overdue stage stops alerting ``catch_up_days`` after the due date: a scan
    that was down for up to that many days still sends the last stage late, but old, forgotten
    items (a milestone never recorded as met years ago) do not suddenly alert. An overdue stage
    is sent once, however old the item: it still needs handling.
"""

from collections.abc import Sequence
from datetime import date, timedelta


def current_stage(
    *, due_date: date, today: date, lead_days: Sequence[int], catch_up_days: int
) -> int | None:
    """The lead of the most urgent stage reached on `today`, or None when nothing is due."""
    reached = [lead for lead in lead_days if due_date - timedelta(days=lead) <= today]
    if not reached:
        return None
    stage = min(reached)
    if stage >= 0 and today > due_date + timedelta(days=catch_up_days):
        return None
    return stage


def due_window(
    *, today: date, lead_days: Sequence[int], catch_up_days: int
) -> tuple[date | None, date] | None:
    """The due dates that can have a current stage on `today`: (earliest or None, latest).

    None when the kind has no lead times (it never alerts). The earliest date is None when the
    kind has an overdue stage (an overdue item alerts however old it is).
    """
    if not lead_days:
        return None
    latest = today + timedelta(days=max(lead_days))
    if min(lead_days) < 0:
        return None, latest
    return today - timedelta(days=catch_up_days), latest
