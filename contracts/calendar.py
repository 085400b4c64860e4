"""Personal iCalendar feeds of contract deadlines, read by calendar programs without a session.

A feed belongs to one user in one organisation and is addressed by a secret token. It lists the
open deadlines of the user's own contracts (contract manager, deputy or system owner) and, for
members with the contract manager role, of contracts nobody manages yet, so those are not lost.
"""

import secrets
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scopes_disabled
from icalendar import Alarm, Calendar, Event

from organisations.models import Organisation, User
from organisations.roles import Role
from organisations.scoping import tenant
from organisations.selectors import roles_in

from .deadlines import DeadlineKind
from .models import ContractDeadline, DeadlineFeed, Milestone

# Short titles for calendar entries ("Opsigelsesfrist: <contract>").
SUMMARY_LABELS = {
    DeadlineKind.NOTICE: gettext_lazy("Notice deadline"),
    DeadlineKind.OPTION_EXERCISE: gettext_lazy("Option deadline"),
    DeadlineKind.TERM_END: gettext_lazy("Contract term ends"),
    DeadlineKind.FINAL_END: gettext_lazy("Final end of contract"),
    DeadlineKind.PRICE_REGULATION: gettext_lazy("Price regulation"),
    DeadlineKind.DPA_INSPECTION: gettext_lazy("Data processor inspection"),
    DeadlineKind.MILESTONE: gettext_lazy("Milestone"),
    DeadlineKind.WARRANTY_END: gettext_lazy("Warranty ends"),
    DeadlineKind.REPROCUREMENT_START: gettext_lazy("Start re-procurement"),
}
# Missing these forfeits a right, so the calendar warns a week ahead.
ALARM_KINDS = {DeadlineKind.NOTICE, DeadlineKind.OPTION_EXERCISE}
ALARM_BEFORE = timedelta(days=7)


def deadline_feed_get(*, organisation: Organisation, user: User) -> DeadlineFeed | None:
    with tenant(organisation):
        return DeadlineFeed.objects.filter(organisation=organisation, user=user).first()


def deadline_feed_regenerate(*, organisation: Organisation, user: User) -> DeadlineFeed:
    """Create the user's feed, or give it a new token so the old address stops working."""
    with tenant(organisation):
        feed, _created = DeadlineFeed.objects.update_or_create(
            organisation=organisation, user=user, defaults={"token": secrets.token_urlsafe(32)}
        )
    return feed


def feed_url(feed: DeadlineFeed) -> str:
    return settings.SITE_URL + reverse("contracts:feed", kwargs={"token": feed.token})


def feed_resolve(token: str) -> DeadlineFeed | None:
    """The feed with this token, if its user is still an active member of an active
    organisation; looked up across organisations because the caller has no session."""
    with scopes_disabled():
        feed = (
            DeadlineFeed.objects.select_related("user", "organisation")
            .filter(token=token, user__is_active=True, organisation__is_active=True)
            .first()
        )
    if feed is None or not roles_in(user=feed.user, organisation=feed.organisation):
        return None
    return feed


def feed_deadlines(*, feed: DeadlineFeed) -> QuerySet[ContractDeadline]:
    """Open deadlines of the feed user's contracts (call inside the organisation's scope)."""
    user = feed.user
    mine = (
        Q(contract__contract_manager=user)
        | Q(contract__deputy_contract_manager=user)
        | Q(contract__system_owner=user)
    )
    if Role.CONTRACT_MANAGER in roles_in(user=user, organisation=feed.organisation):
        mine |= Q(contract__contract_manager__isnull=True)
    return (
        ContractDeadline.objects.filter(
            organisation=feed.organisation, done=False, contract__is_deleted=False
        )
        .filter(mine)
        .select_related("contract", "contract__supplier")
        .order_by("due_date", "kind", "contract_id")
    )


def _uid(deadline: ContractDeadline) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "kommune-it"
    return (
        f"contract-{deadline.contract_id}-{deadline.kind}-{deadline.source_id or 0}"
        f"-{deadline.due_date:%Y%m%d}@{host}"
    )


def _summary(deadline: ContractDeadline, milestone: Milestone | None) -> str:
    label = str(SUMMARY_LABELS.get(DeadlineKind(deadline.kind), deadline.get_kind_display()))
    if milestone is not None:
        label = f"{label} ({milestone})"
    return f"{label}: {deadline.contract.title}"


def _description(deadline: ContractDeadline, milestone: Milestone | None) -> str:
    contract = deadline.contract
    lines = [str(DeadlineKind(deadline.kind).label)]
    if contract.reference:
        lines.append(_("Reference: %(reference)s") % {"reference": contract.reference})
    lines.append(_("Supplier: %(supplier)s") % {"supplier": contract.supplier.name})
    if deadline.effective_date:
        lines.append(_("Takes effect: %(date)s") % {"date": _date(deadline.effective_date)})
    if deadline.nominal_date and deadline.nominal_date != deadline.due_date:
        lines.append(
            _("Contractual date: %(date)s (moved to the previous working day)")
            % {"date": _date(deadline.nominal_date)}
        )
    if milestone is not None and milestone.legal_effect:
        lines.append(_("Legal effect: %(effect)s") % {"effect": milestone.legal_effect})
    return "\n".join(lines)


def _date(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def feed_calendar(*, feed: DeadlineFeed, now: datetime | None = None) -> bytes:
    """The feed as an iCalendar document in the feed user's language."""
    now = now or timezone.now()
    language = feed.user.language or settings.LANGUAGE_CODE
    with translation.override(language), tenant(feed.organisation):
        deadlines = list(feed_deadlines(feed=feed))
        milestone_ids = [
            d.source_id
            for d in deadlines
            if d.kind in (DeadlineKind.MILESTONE, DeadlineKind.WARRANTY_END) and d.source_id
        ]
        milestones = Milestone.objects.in_bulk(milestone_ids) if milestone_ids else {}
        calendar = Calendar()
        calendar.add("prodid", "-//Kommune-IT//Contract deadlines//DA")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add(
            "x-wr-calname",
            _("Contract deadlines · %(organisation)s") % {"organisation": feed.organisation},
        )
        calendar.add("x-published-ttl", "PT6H")
        for deadline in deadlines:
            milestone = (
                milestones.get(deadline.source_id)
                if deadline.kind in (DeadlineKind.MILESTONE, DeadlineKind.WARRANTY_END)
                else None
            )
            summary = _summary(deadline, milestone)
            event = Event()
            event.add("uid", _uid(deadline))
            event.add("dtstamp", now)
            event.add("dtstart", deadline.due_date)
            event.add("dtend", deadline.due_date + timedelta(days=1))
            event.add("summary", summary)
            event.add("description", _description(deadline, milestone))
            event.add(
                "url",
                settings.SITE_URL
                + reverse("contracts:contract-detail", kwargs={"pk": deadline.contract_id}),
            )
            event.add("transp", "TRANSPARENT")
            if deadline.kind in ALARM_KINDS:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", summary)
                alarm.add("trigger", -ALARM_BEFORE)
                event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical()
