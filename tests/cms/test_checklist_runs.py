"""Checklist runs: started from a checklist page, ticked with comments, kept per organisation."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from cms.models import ChecklistRun, ChecklistRunItem
from cms.services import checklist_run_start
from organisations.roles import Role
from organisations.scoping import tenant
from tests.cms.factories import make_checklist

pytestmark = pytest.mark.django_db


@pytest.fixture
def checklist(guide_index):
    return make_checklist(guide_index, title="Den gode proces", slug="proces")


@pytest.fixture
def karin(org_a, make_member):
    return make_member(org_a, Role.CONTRACT_MANAGER, first_name="Karin", last_name="Kontrakt")


def start_run(organisation, checklist, user, title="Nyt SMS-system"):
    with tenant(organisation):
        return checklist_run_start(
            organisation=organisation, checklist=checklist, title=title, subject="", user=user
        )


def items_of(run):
    with scopes_disabled():
        return list(ChecklistRunItem.objects.filter(run=run).order_by("position"))


def tick_data(items, checked=(), comments=None):
    comments = comments or {}
    data = {f"comment-{item.pk}": comments.get(item.pk, item.comment) for item in items}
    data.update({f"checked-{item.pk}": "on" for item in items if item.pk in checked})
    return data


def test_start_a_run_from_a_checklist(org_a, karin, checklist, client_for):
    client = client_for(karin)
    url = reverse("cms:checklist-run-create") + f"?checklist={checklist.pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["form"].initial["title"] == "Den gode proces"
    response = client.post(url, {"title": "Nyt SMS-system", "subject": "Udbud 2026"})
    with scopes_disabled():
        run = ChecklistRun.objects.get()
    assert response["Location"] == reverse("cms:checklist-run-detail", args=[run.pk])
    assert (run.organisation, run.checklist_id, run.title, run.subject, run.created_by) == (
        org_a,
        checklist.pk,
        "Nyt SMS-system",
        "Udbud 2026",
        karin,
    )
    assert [(i.group, i.text, i.item_key, i.checked) for i in items_of(run)] == [
        ("Før udbuddet", "Behovet er beskrevet", "proces-0-0", False),
        ("Før udbuddet", "Budget", "proces-0-1", False),
        ("Efter udbuddet", "Kontrakten er registreret", "proces-1-0", False),
    ]
    assert [point.key for point in checklist.points()] == [i.item_key for i in items_of(run)]


def test_start_needs_a_live_checklist_and_a_title(org_a, karin, guide_index, client_for):
    client = client_for(karin)
    draft = make_checklist(guide_index, title="Kladde", live=False)
    base = reverse("cms:checklist-run-create")
    assert client.get(base).status_code == 404
    assert client.get(base + "?checklist=abc").status_code == 404
    assert client.get(base + f"?checklist={draft.pk}").status_code == 404
    live = make_checklist(guide_index, title="Live")
    response = client.post(base + f"?checklist={live.pk}", {"title": "", "subject": ""})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    with scopes_disabled():
        assert not ChecklistRun.objects.exists()


def test_readers_may_look_but_not_start_or_tick(org_a, karin, make_member, checklist, client_for):
    run = start_run(org_a, checklist, karin)
    reader = client_for(make_member(org_a, Role.READER))
    create_url = reverse("cms:checklist-run-create") + f"?checklist={checklist.pk}"
    assert reader.get(create_url).status_code == 403
    detail = reverse("cms:checklist-run-detail", args=[run.pk])
    response = reader.get(detail)
    assert response.status_code == 200
    assert "<form" not in response.content.decode().split("<main", 1)[1]
    items = items_of(run)
    assert reader.post(detail, tick_data(items, checked={items[0].pk})).status_code == 403
    assert not any(item.checked for item in items_of(run))


def test_tick_and_comment_records_who_and_when(org_a, karin, checklist, client_for):
    run = start_run(org_a, checklist, karin)
    items = items_of(run)
    client = client_for(karin)
    detail = reverse("cms:checklist-run-detail", args=[run.pk])
    before = timezone.now()
    response = client.post(
        detail,
        tick_data(items, checked={items[0].pk}, comments={items[2].pk: "  Venter på jura  "}),
    )
    assert response.status_code == 302
    first, second, third = items_of(run)
    assert (first.checked, first.checked_by, first.comment) == (True, karin, "")
    assert first.checked_at >= before
    assert (second.checked, second.checked_by, second.checked_at) == (False, None, None)
    assert (third.checked, third.checked_by, third.comment) == (False, None, "Venter på jura")
    assert first.history.first().history_user == karin

    page = client.get(detail)
    html = page.content.decode()
    assert "1 af 3 punkter er afkrydset" in html
    assert "Afkrydset af Karin Kontrakt" in html

    # Unticking clears who and when; the history keeps the earlier tick.
    client.post(detail, tick_data(items_of(run), checked=set()))
    first = items_of(run)[0]
    assert (first.checked, first.checked_by, first.checked_at) == (False, None, None)
    assert [h.checked for h in first.history.order_by("history_date")] == [False, True, False]


def test_unchanged_form_changes_nothing(org_a, karin, checklist, client_for):
    run = start_run(org_a, checklist, karin)
    client = client_for(karin)
    detail = reverse("cms:checklist-run-detail", args=[run.pk])
    response = client.post(detail, tick_data(items_of(run)), follow=True)
    assert "Intet blev ændret." in response.content.decode()
    assert all(item.history.count() == 1 for item in items_of(run))


def test_runs_are_listed_per_organisation(org_a, org_b, karin, make_member, checklist, client_for):
    start_run(org_a, checklist, karin, title="Nordbys gennemgang")
    start_run(org_b, checklist, make_member(org_b, Role.CONTRACT_MANAGER), title="Sydhavns")
    html = client_for(karin).get(reverse("cms:checklist-run-list")).content.decode()
    assert "Nordbys gennemgang" in html
    assert "Sydhavns" not in html
    assert "0 af 3" in html
    assert f"/app/guidance/checklists/runs/new/?checklist={checklist.pk}" in html


def test_another_municipality_gets_404(org_a, org_b, karin, checklist, all_roles_b, client_for):
    run = start_run(org_a, checklist, karin)
    detail = reverse("cms:checklist-run-detail", args=[run.pk])
    outsider = client_for(all_roles_b)
    assert outsider.get(detail).status_code == 404
    items = items_of(run)
    assert outsider.post(detail, tick_data(items, checked={items[0].pk})).status_code == 404
    assert not any(item.checked for item in items_of(run))


def test_checklist_page_lists_the_organisations_runs(org_a, org_b, karin, checklist, client_for):
    start_run(org_a, checklist, karin, title="Nordbys gennemgang")
    html = client_for(karin).get(checklist.url).content.decode()
    assert "Nordbys gennemgang" in html


def test_run_survives_the_checklist_page_being_deleted(org_a, karin, checklist, client_for):
    run = start_run(org_a, checklist, karin)
    checklist.delete()
    response = client_for(karin).get(reverse("cms:checklist-run-detail", args=[run.pk]))
    assert response.status_code == 200
    assert "Behovet er beskrevet" in response.content.decode()


def test_run_pages_use_a_bounded_number_of_queries(
    org_a, karin, checklist, client_for, django_assert_max_num_queries
):
    for number in range(5):
        start_run(org_a, checklist, karin, title=f"Gennemgang {number}")
    client = client_for(karin)
    run = ChecklistRun.objects.with_scopes_disabled().first()
    with django_assert_max_num_queries(15):
        client.get(reverse("cms:checklist-run-list"))
    with django_assert_max_num_queries(15):
        client.get(reverse("cms:checklist-run-detail", args=[run.pk]))
