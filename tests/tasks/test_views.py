"""Pages: the notification list and header count, reading, links, preferences, failures, admin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from organisations.middleware import SESSION_KEY
from organisations.models import Membership
from organisations.roles import Role
from organisations.selectors import memberships_by_organisation
from tasks.context_processors import notifications
from tasks.models import Delivery, EmailStatus, Notification, NotificationPreference
from tasks.services import notifications_scan
from tasks.sources import active_kinds

from .conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_today")]


@pytest.fixture
def two_notices(make_contract, manager_a):
    """Two notices for Karin (in 30 and 7 days) and one for someone else."""
    make_contract(
        notice_due=TODAY + timedelta(days=30),
        contract_manager=manager_a,
        title="Borgerservice",
    )
    make_contract(
        notice_due=TODAY + timedelta(days=7), contract_manager=manager_a, title="Lønsystem"
    )
    notifications_scan(today=TODAY)
    with scopes_disabled():
        return list(Notification.objects.order_by("due_date"))


def unread(user) -> int:
    with scopes_disabled():
        return Notification.objects.filter(recipient=user, read_at=None).count()


def test_list_shows_own_notifications_and_the_header_count(client_for, manager_a, two_notices):
    response = client_for(manager_a).get(reverse("tasks:list"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Notifikationer (2)" in page  # the header link
    assert "Sidste frist for opsigelse: Lønsystem" in page
    assert "om 7 dage" in page
    assert "Sidste frist for opsigelse: Borgerservice" in page
    for notification in two_notices:
        assert reverse("tasks:open", kwargs={"pk": notification.pk}) in page


def test_header_count_is_on_every_page_and_costs_one_query(
    client_for, manager_a, org_a, two_notices, rf, django_assert_num_queries
):
    response = client_for(manager_a).get(reverse("dashboard"))
    assert 'data-testid="notifications-link"' in response.content.decode()
    assert "Notifikationer (2)" in response.content.decode()

    request = rf.get("/")
    request.user, request.organisation = manager_a, org_a
    with django_assert_num_queries(1):
        assert notifications(request) == {"unread_notification_count": 2}


def test_header_count_comes_with_the_memberships_in_each_organisation(
    client_for, manager_a, org_a, org_b, two_notices, make_member, django_assert_num_queries
):
    """The middleware's membership query carries the count for each organisation (no query of
    its own), and the count follows the organisation the user switches to."""
    with scopes_disabled():
        Membership.objects.create(user=manager_a, organisation=org_b, role=Role.READER)
    client = client_for(manager_a)
    session = client.session
    session[SESSION_KEY] = org_a.pk
    session.save()

    assert "Notifikationer (2)" in client.get(reverse("tasks:list")).content.decode()

    with scopes_disabled():
        memberships = memberships_by_organisation(manager_a)
    counts = {organisation.slug: organisation.figures for organisation in memberships}
    assert counts == {
        org_a.slug: {"unread_notifications": 2},
        org_b.slug: {"unread_notifications": 0},
    }
    request_org = next(o for o in memberships if o == org_a)
    with django_assert_num_queries(0):
        request = type("Request", (), {"user": manager_a, "organisation": request_org})()
        assert notifications(request) == {"unread_notification_count": 2}

    session = client.session
    session[SESSION_KEY] = org_b.pk
    session.save()
    assert "Notifikationer (0)" in client.get(reverse("tasks:list")).content.decode()


def test_others_see_none_of_them(client_for, org_a, make_member, two_notices):
    colleague = make_member(org_a, Role.CONTRACT_MANAGER)

    response = client_for(colleague).get(reverse("tasks:list"))

    assert "Notifikationer (0)" in response.content.decode()
    assert "Borgerservice" not in response.content.decode()
    assert "Du har ingen notifikationer." in response.content.decode()


def test_mark_one_and_all_as_read(client_for, manager_a, two_notices):
    client = client_for(manager_a)

    response = client.post(reverse("tasks:read", kwargs={"pk": two_notices[0].pk}))
    assert response.status_code == 302
    assert unread(manager_a) == 1

    client.post(reverse("tasks:read-all"))
    assert unread(manager_a) == 0
    assert "Notifikationer (0)" in client.get(reverse("tasks:list")).content.decode()


def test_reading_someone_elses_notification_is_404_and_changes_nothing(
    client_for, org_a, make_member, two_notices, manager_a
):
    colleague = make_member(org_a, Role.CONTRACT_MANAGER)
    client = client_for(colleague)
    pk = two_notices[0].pk

    assert client.post(reverse("tasks:read", kwargs={"pk": pk})).status_code == 404
    assert client.get(reverse("tasks:open", kwargs={"pk": pk})).status_code == 404
    assert unread(manager_a) == 2


def test_open_marks_read_and_goes_to_the_contract(client_for, manager_a, two_notices):
    notification = two_notices[0]

    response = client_for(manager_a).get(reverse("tasks:open", kwargs={"pk": notification.pk}))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "contracts:contract-detail", kwargs={"pk": notification.object_id}
    )
    assert unread(manager_a) == 1


def test_open_from_an_email_switches_to_the_notifications_organisation(
    client_for, org_a, org_b, make_member, make_contract
):
    person = make_member(org_b, Role.CONTRACT_MANAGER)
    with scopes_disabled():
        Membership.objects.create(organisation=org_a, user=person, role=Role.CONTRACT_MANAGER)
    make_contract(
        organisation=org_a, notice_due=TODAY + timedelta(days=30), contract_manager=person
    )
    notifications_scan(today=TODAY)
    with scopes_disabled():
        notification = Notification.objects.get()
    client = client_for(person)
    session = client.session
    session[SESSION_KEY] = org_b.pk
    session.save()

    response = client.get(reverse("tasks:open", kwargs={"pk": notification.pk}))

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == org_a.pk
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Du arbejder nu i Nordby Kommune." in page.content.decode()


def test_preferences_page_saves_the_choice_per_kind(client_for, manager_a):
    client = client_for(manager_a)
    page = client.get(reverse("tasks:preferences")).content.decode()
    assert "Sidste frist for opsigelse" in page
    assert "Kontraktperiodens udløb" not in page  # a kind without lead times never alerts

    chosen = {
        "contract.notice": Delivery.DIGEST,
        "contract.price_regulation": Delivery.IN_APP,
        "contract.milestone": Delivery.IMMEDIATE,
    }
    # Every kind that can alert is on the form (other sources add theirs).
    expected = {kind.code: chosen.get(kind.code, kind.default_delivery) for kind in active_kinds()}
    data = {code.replace(".", "__"): delivery for code, delivery in expected.items()}
    response = client.post(reverse("tasks:preferences"), data)

    assert response.status_code == 302
    assert (
        dict(NotificationPreference.objects.filter(user=manager_a).values_list("kind", "delivery"))
        == expected
    )

    client.post(reverse("tasks:preferences"), {**data, "contract__notice": Delivery.IN_APP})
    assert NotificationPreference.objects.get(user=manager_a, kind="contract.notice").delivery == (
        Delivery.IN_APP
    )
    assert NotificationPreference.objects.filter(user=manager_a).count() == len(expected)


def test_invalid_preferences_change_nothing(client_for, manager_a):
    response = client_for(manager_a).post(
        reverse("tasks:preferences"), {"contract__notice": "carrier-pigeon"}
    )

    assert response.status_code == 200
    assert NotificationPreference.objects.count() == 0


@pytest.fixture
def failed(two_notices):
    with scopes_disabled():
        Notification.objects.filter(pk=two_notices[0].pk).update(
            status=EmailStatus.FAILED, attempts=1, last_error="550 5.1.1 No such user"
        )
    return two_notices[0]


def test_administrators_see_failed_emails_and_send_again(client_for, admin_a, failed):
    client = client_for(admin_a)

    page = client.get(reverse("tasks:failed")).content.decode()
    assert "550 5.1.1 No such user" in page
    assert failed.object_label in page

    response = client.post(reverse("tasks:retry", kwargs={"pk": failed.pk}))

    assert response.status_code == 302
    with scopes_disabled():
        failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (EmailStatus.PENDING, 0, "")
    assert (
        "Alle notifikationsmails blev leveret."
        in client.get(reverse("tasks:failed")).content.decode()
    )


def test_only_administrators_see_the_failures(client_for, manager_a, failed):
    client = client_for(manager_a)

    assert client.get(reverse("tasks:failed")).status_code == 403
    assert client.post(reverse("tasks:retry", kwargs={"pk": failed.pk})).status_code == 403
    with scopes_disabled():
        failed.refresh_from_db()
    assert failed.status == EmailStatus.FAILED


def test_pages_need_sign_in(client):
    response = client.get(reverse("tasks:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Django admin -----------------------------------------------------------------------------


@pytest.fixture
def superuser(make_member, org_a):
    return make_member(org_a, Role.READER, is_superuser=True, is_staff=True)


def test_admin_filters_failed_notifications(client_for, superuser, failed):
    url = reverse("admin:tasks_notification_changelist")

    response = client_for(superuser).get(url, {"status__exact": "failed"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert "550 5.1.1 No such user" in response.content.decode()


def test_admin_button_starts_the_daily_scan(client_for, superuser, monkeypatch):
    started = []
    monkeypatch.setattr("tasks.admin.daily_scan.delay", lambda: started.append(True))
    client = client_for(superuser)

    assert client.get(reverse("admin:tasks_notification_scan")).status_code == 405
    response = client.post(reverse("admin:tasks_notification_scan"))

    assert response.status_code == 302
    assert started == [True]
    changelist = client.get(reverse("admin:tasks_notification_changelist")).content.decode()
    assert reverse("admin:tasks_notification_scan") in changelist


def test_admin_action_sends_failed_again(client_for, superuser, failed):
    response = client_for(superuser).post(
        reverse("admin:tasks_notification_changelist"),
        {"action": "retry", "_selected_action": [failed.pk]},
    )

    assert response.status_code == 302
    with scopes_disabled():
        failed.refresh_from_db()
    assert failed.status == EmailStatus.PENDING
    assert failed.next_attempt_at <= timezone.now()
