"""The cache of pages' organisation data (organisations.cache): served until the data changes,
whichever way it changes, and never across organisations, languages or requesters' tokens."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from contracts.models import Contract
from organisations import cache as tenant_cache
from organisations.roles import Role
from tasks.tasks import daily_scan, send_due
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tenant_cache(settings):
    # Off by default with the tests' per-process cache; one process shares it here.
    settings.TENANT_CACHE = True


@pytest.fixture
def manager(org_a, make_member):
    return make_member(org_a, Role.CONTRACT_MANAGER, first_name="Karin")


@pytest.fixture
def contract(org_a, manager):
    today = timezone.localdate()
    return ContractFactory(
        organisation=org_a,
        title="Borgerservice-portal",
        contract_manager=manager,
        start_date=today - timedelta(days=400),
        term_end=today + timedelta(days=100),
    )


PAGES = [
    lambda contract: reverse("dashboard"),
    lambda contract: reverse("contracts:contract-list"),
    lambda contract: reverse("contracts:contract-detail", args=[contract.pk]),
]


def _rename_in_bulk(contract, title):
    """A change no model signal reports, as an import or the daily job makes them."""
    with scopes_disabled():
        Contract.objects.filter(pk=contract.pk).update(title=title)


@pytest.mark.parametrize("page", PAGES)
def test_a_page_is_served_from_the_cache_until_a_task_has_run(
    page, contract, manager, client_for, monkeypatch
):
    client = client_for(manager)
    url = page(contract)
    assert "Borgerservice-portal" in client.get(url).content.decode()
    _rename_in_bulk(contract, "Nyt navn")
    # Nothing said the data changed: the page as it was is served.
    assert "Borgerservice-portal" in client.get(url).content.decode()
    # The daily job (or any task but the frequent ones that write nothing pages show) ends
    # with a new generation: tasks write in bulk.
    send_due.apply()
    assert "Borgerservice-portal" in client.get(url).content.decode()
    monkeypatch.setattr(send_due, "delay", lambda: None)
    daily_scan.apply(args=[timezone.localdate().isoformat()])
    html = client.get(url).content.decode()
    assert "Nyt navn" in html and "Borgerservice-portal" not in html


@pytest.mark.parametrize("page", PAGES)
def test_a_request_that_writes_refreshes_the_organisations_pages(
    page, contract, manager, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(manager)
    url = page(contract)
    client.get(url)
    _rename_in_bulk(contract, "Nyt navn")
    upload = client.post(
        reverse("contracts:attachment-upload", args=[contract.pk]),
        {"title": "Bilag", "file": SimpleUploadedFile("bilag.pdf", b"%PDF-1.4 x")},
    )
    assert upload.status_code == 302
    assert "Nyt navn" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("page", PAGES)
def test_a_save_outside_a_request_refreshes_the_pages_once_committed(
    page, contract, manager, client_for
):
    client = client_for(manager)
    url = page(contract)
    client.get(url)
    with transaction.atomic(), scopes_disabled():
        saved = Contract.objects.get(pk=contract.pk)
        saved.title = "Gemt i en skal"
        saved.save()
        # Not before the change is committed: a page read now would cache the old data under
        # the generation the commit leaves behind.
        assert "Gemt i en skal" not in client.get(url).content.decode()
    assert "Gemt i en skal" in client.get(url).content.decode()


def test_a_write_in_one_organisation_keeps_the_others_pages(
    org_a, org_b, contract, manager, make_member, client_for
):
    other = make_member(org_b, Role.CONTRACT_MANAGER)
    ContractFactory(organisation=org_b, title="Sydhavns kontrakt")
    before = tenant_cache._generations(org_b.pk)
    response = client_for(manager).post(
        reverse("contracts:attachment-upload", args=[contract.pk]), {"title": ""}
    )
    assert response.status_code == 302  # refused, but a request that may write all the same
    assert tenant_cache._generations(org_b.pk) == before
    assert tenant_cache._generations(org_a.pk) != before
    assert "Sydhavns kontrakt" in client_for(other).get(reverse("dashboard")).content.decode()


def test_a_write_to_the_shared_bank_refreshes_every_organisation(
    org_a, org_b, editorial, make_member, client_for
):
    editor = make_member(editorial, Role.BANK_EDITOR)
    before = tenant_cache._generations(org_b.pk)
    response = client_for(editor).post(reverse("requirements:import"), {})
    assert response.status_code == 200  # the form, with its errors
    assert tenant_cache._generations(org_b.pk)[0] != before[0]


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        # Refused: another organisation's contract, a role the user lacks, a GET-only page.
        ("manager", lambda other: reverse("contracts:attachment-upload", args=[other.pk]), 404),
        ("manager", lambda other: reverse("requirements:import"), 403),
        ("manager", lambda other: reverse("contracts:supplier-export"), 405),
        # Bookkeeping: choosing a language, signing in.
        ("manager", lambda other: reverse("organisations:language"), 302),
        ("anonymous", lambda other: reverse("login"), 200),
    ],
)
def test_a_request_that_wrote_nothing_keeps_every_organisations_pages(
    who, url, status, org_a, org_b, manager, client_for
):
    other = ContractFactory(organisation=org_b)
    client = client_for(manager) if who == "manager" else Client()
    before = [tenant_cache._generations(org.pk) for org in (org_a, org_b)]
    response = client.post(url(other), {"language": "en", "username": "x", "password": "y"})
    assert response.status_code == status
    assert [tenant_cache._generations(org.pk) for org in (org_a, org_b)] == before


def test_a_write_to_a_specification_refreshes_only_its_organisation(
    org_a, org_b, make_member, client_for
):
    author = make_member(org_a, *Role.values)
    before = tenant_cache._generations(org_b.pk)
    response = client_for(author).post(reverse("requirements:specification-new"), {})
    assert response.status_code in (200, 302)  # not refused: a request that may write
    assert tenant_cache._generations(org_b.pk) == before
    assert tenant_cache._generations(org_a.pk)[1] != before[1]


def test_another_organisation_is_never_served_a_cached_page(
    org_b, contract, manager, make_member, client_for
):
    owner = client_for(manager)
    for url in (reverse("dashboard"), reverse("contracts:contract-list")):
        owner.get(url)
    detail = reverse("contracts:contract-detail", args=[contract.pk])
    assert owner.get(detail).status_code == 200
    outsider = client_for(make_member(org_b, *Role.values))
    assert outsider.get(detail).status_code == 404
    for url in (reverse("dashboard"), reverse("contracts:contract-list")):
        assert "Borgerservice-portal" not in outsider.get(url).content.decode()


def test_each_requester_gets_their_own_csrf_token_in_a_cached_page(
    org_a, contract, manager, make_member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("contracts:contract-detail", args=[contract.pk])
    colleague = make_member(org_a, Role.CONTRACT_MANAGER)
    tokens = []
    for user in (manager, colleague):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        upload = client.post(
            reverse("contracts:attachment-upload", args=[contract.pk]),
            {
                "csrfmiddlewaretoken": token,
                "title": f"Bilag fra {user.pk}",
                "file": SimpleUploadedFile("bilag.pdf", b"%PDF-1.4 x"),
            },
        )
        assert upload.status_code == 302
    assert tokens[0] != tokens[1]
    assert "csrf-token" not in html  # the marker is never sent


def test_a_cached_page_is_not_served_in_another_language(contract, manager, client_for):
    client = client_for(manager)
    url = reverse("contracts:contract-detail", args=[contract.pk])
    assert "Vilkår" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    html = client.get(url).content.decode()
    assert "Terms" in html and "Vilkår" not in html


def test_what_a_cached_page_shows_is_escaped(org_a, manager, client_for):
    ContractFactory(organisation=org_a, title="<script>alert(1)</script>", contract_manager=manager)
    client = client_for(manager)
    for _twice in range(2):  # computed, then served from the cache
        html = client.get(reverse("contracts:contract-list")).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html


def test_the_pages_follow_the_day(contract, manager, client_for, time_machine):
    client = client_for(manager)
    time_machine.move_to(timezone.now(), tick=False)
    url = reverse("contracts:contract-detail", args=[contract.pk])
    overdue_today = client.get(url).content.decode().count('class="badge overdue"')
    time_machine.move_to(timezone.now() + timedelta(days=30), tick=False)
    client.force_login(manager)  # the session ended while idle
    # The last day to give notice (about three months before the term ends) has passed.
    assert client.get(url).content.decode().count('class="badge overdue"') == overdue_today + 1


def test_nothing_is_cached_without_a_shared_cache(contract, manager, client_for, settings):
    settings.TENANT_CACHE = False
    client = client_for(manager)
    url = reverse("contracts:contract-list")
    client.get(url)
    _rename_in_bulk(contract, "Nyt navn")
    assert "Nyt navn" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)  # generations start once changes commit
def test_a_change_to_a_relation_refreshes_its_organisation(org_a, org_b, manager):
    from requirements.models import Tag
    from tests.requirements.factories import CategoryFactory, local_requirement

    with scopes_disabled():
        category = CategoryFactory(key="LOK", name="Lokale krav")
        requirement = local_requirement(
            organisation=org_a, key="LOK-001", category=category, actor=manager
        )
        tag = Tag.objects.create(name="borgerservice")
    before = [tenant_cache._generations(org.pk) for org in (org_a, org_b)]
    with scopes_disabled():
        requirement.tags.add(tag)  # m2m_changed only: no row is saved
    after = [tenant_cache._generations(org.pk) for org in (org_a, org_b)]
    assert after[0][1] != before[0][1]
    assert after[1] == before[1]


@pytest.mark.django_db(transaction=True)
def test_saves_of_what_no_cached_page_shows_keep_the_pages(org_a, manager):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask
    from wagtail.models import Locale, Page

    before = tenant_cache._generations(org_a.pk)
    manager.last_login = timezone.now()
    manager.save(update_fields=["last_login"])
    manager.language = "en"
    manager.save(update_fields=["language"])
    every_minute = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(name="x", task="tasks.tasks.send_due", interval=every_minute)
    Locale.objects.get_or_create(language_code="da")  # emptied by an earlier test's flush
    root = Page.add_root(instance=Page(title="Rod", slug="rod"))
    root.title = "Roden"
    root.save()
    assert tenant_cache._generations(org_a.pk) == before
    manager.first_name = "Karen"  # a name the pages show
    manager.save()
    assert tenant_cache._generations(org_a.pk)[0] != before[0]


class BrokenCache:
    """A cache whose server cannot be reached."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is down")

        return fail


def test_a_page_is_computed_when_the_cache_cannot_be_reached(
    contract, manager, client_for, monkeypatch, cache_warnings
):
    client = client_for(manager)
    url = reverse("contracts:contract-detail", args=[contract.pk])
    client.get(url)
    monkeypatch.setattr(tenant_cache, "cache", BrokenCache())
    _rename_in_bulk(contract, "Nyt navn")
    response = client.get(url)
    assert response.status_code == 200 and "Nyt navn" in response.content.decode()
    assert any("could not be read" in warning for warning in cache_warnings)


def test_a_write_goes_on_when_the_cache_cannot_be_reached(
    contract, manager, client_for, monkeypatch, settings, tmp_path, cache_warnings
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(tenant_cache, "cache", BrokenCache())
    response = client_for(manager).post(
        reverse("contracts:attachment-upload", args=[contract.pk]),
        {"title": "Bilag", "file": SimpleUploadedFile("bilag.pdf", b"%PDF-1.4 x")},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert contract.attachments.filter(title="Bilag").exists()
    assert any("could not start a new generation" in warning for warning in cache_warnings)


@pytest.mark.django_db(transaction=True)
def test_changes_start_generations_for_readers_elsewhere_whenever_the_cache_is_shared(
    contract, settings
):
    # This process does not read entries, but others sharing the cache may.
    settings.TENANT_CACHE, settings.SHARED_CACHE = False, True
    before = tenant_cache._generations(contract.organisation_id)
    with scopes_disabled():
        contract.title = "Ny titel"
        contract.save()
    assert tenant_cache._generations(contract.organisation_id)[1] != before[1]


def test_a_new_release_reads_nothing_the_old_one_cached(contract, manager, client_for, settings):
    settings.RELEASE = "2026.11.1"
    client = client_for(manager)
    url = reverse("contracts:contract-list")
    client.get(url)
    _rename_in_bulk(contract, "Nyt navn")
    assert "Nyt navn" not in client.get(url).content.decode()
    settings.RELEASE = "2026.11.2"
    assert "Nyt navn" in client.get(url).content.decode()


def test_without_a_release_the_code_files_tell_deployments_apart(settings, tmp_path):
    settings.RELEASE = ""
    settings.BASE_DIR = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    template = tmp_path / "templates" / "side.html"
    library = tmp_path / ".venv" / "lib" / "site-packages" / "library.py"
    for path in (template, library):
        path.parent.mkdir(parents=True)
        path.write_text("1")

    def digest():
        tenant_cache._files_digest.cache_clear()
        return tenant_cache.release()

    try:
        first = digest()
        library.write_text("22")  # an installed library is no part of the project's code
        assert digest() == first
        template.write_text("22")
        assert digest() != first
    finally:
        tenant_cache._files_digest.cache_clear()


def test_the_contract_list_is_cached_by_its_filters_and_page_only(
    org_a, contract, manager, client_for
):
    client = client_for(manager)
    url = reverse("contracts:contract-list")
    client.get(url, {"status": "active", "utm_source": "nyhedsbrev", "page": "1"})
    _rename_in_bulk(contract, "Nyt navn")
    # The same filters and page, however written: served from the same entry, whose links
    # carry no parameter the form does not know.
    for query in ({"status": "active"}, {"status": "active", "page": "01", "x": "y"}):
        html = client.get(url, query).content.decode()
        assert "Borgerservice-portal" in html and "utm_source" not in html
    assert "Nyt navn" in client.get(url, {"status": "active", "q": ""}).content.decode()
