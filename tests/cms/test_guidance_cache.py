"""The guidance aside caches the guides it found until guidance changes (cms.cache, cms.apps)."""

import threading
from unittest import mock

import pytest
from django.core.cache import cache as django_cache
from django.db import connection, connections, transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms import cache, selectors
from cms.demo import home_page
from cms.models import GuidanceRole, Phase, QuickGuidePage, Topic
from organisations.roles import Role
from tests.cms.factories import make_quick_guide

pytestmark = pytest.mark.django_db


CONTRACT_ASIDE = '{% guidance_for phase="operation" topics="contract" limit=3 %}'
ROLES_ASIDE = "{% guidance_for_roles roles=current_roles limit=3 %}"


def render(source: str = CONTRACT_ASIDE, **context) -> str:
    request = RequestFactory().get("/app/contracts/")
    return Template("{% load guidance %}" + source).render(Context({"request": request, **context}))


def guidance_queries(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if "wagtailcore_page" in query["sql"] or '"cms_' in query["sql"]
    ]


def publish_guide(index, **fields) -> QuickGuidePage:
    """A published quick guide, read back (the builder's instance still says live=False)."""
    page = make_quick_guide(index, **fields)
    return QuickGuidePage.objects.get(pk=page.pk)


@pytest.fixture
def drift(guide_index):
    return publish_guide(guide_index, title="Drift", phases=["operation"], topics=["contract"])


@pytest.fixture
def finds(monkeypatch):
    """Counts the selector calls behind the asides (the work the cache saves)."""
    counters = {}
    for name in ("guides_for_context", "guides_for_roles"):
        counters[name] = mock.Mock(wraps=getattr(selectors, name))
        monkeypatch.setattr(selectors, name, counters[name])
    return counters


# -- cms.cache ----------------------------------------------------------------------------------


def counting(value):
    return mock.Mock(side_effect=lambda: value)


def test_remembered_computes_once_per_generation():
    compute = counting(["guide"])
    assert cache.remembered(("aside", 1), compute) == ["guide"]
    assert cache.remembered(("aside", 1), compute) == ["guide"]
    assert compute.call_count == 1
    other = counting(["other"])
    assert cache.remembered(("aside", 2), other) == ["other"]
    assert other.call_count == 1


def test_an_empty_result_is_remembered_too():
    compute = counting([])
    cache.remembered(("aside",), compute)
    cache.remembered(("aside",), compute)
    assert compute.call_count == 1


def test_forget_all_makes_the_next_call_compute_again():
    compute = counting(["guide"])
    cache.remembered(("aside",), compute)
    cache.forget_all()
    cache.remembered(("aside",), compute)
    assert compute.call_count == 2
    cache.remembered(("aside",), compute)
    assert compute.call_count == 2


def test_forget_all_accepts_signal_arguments():
    compute = counting(["guide"])
    cache.remembered(("aside",), compute)
    cache.forget_all(sender=Topic, instance=None, created=False)
    cache.remembered(("aside",), compute)
    assert compute.call_count == 2


def test_forget_all_works_when_the_generation_was_evicted():
    compute = counting(["guide"])
    cache.remembered(("aside",), compute)
    generation = django_cache.get("guidance:generation")
    assert generation is not None
    django_cache.delete("guidance:generation")
    cache.forget_all()
    assert django_cache.get("guidance:generation") not in (None, generation)
    cache.remembered(("aside",), compute)
    assert compute.call_count == 2
    cache.remembered(("aside",), compute)
    assert compute.call_count == 2


def test_an_evicted_generation_does_not_bring_back_old_entries():
    old = counting(["old"])
    cache.remembered(("aside",), old)
    django_cache.delete("guidance:generation")
    assert cache.remembered(("aside",), counting(["new"])) == ["new"]


def test_forget_all_without_any_generation_starts_one():
    cache.forget_all()
    assert django_cache.get("guidance:generation") is not None
    compute = counting(["guide"])
    cache.remembered(("aside",), compute)
    cache.remembered(("aside",), compute)
    assert compute.call_count == 1


@pytest.mark.parametrize(("model", "slug"), [(Topic, "contract"), (Phase, "operation")])
def test_saving_guidance_taxonomy_starts_a_new_generation(guide_index, model, slug):
    cache.forget_all()
    generation = django_cache.get("guidance:generation")
    model.objects.get(slug=slug).save()
    assert django_cache.get("guidance:generation") != generation


def test_saving_a_page_starts_a_new_generation(drift):
    cache.forget_all()
    generation = django_cache.get("guidance:generation")
    drift.save()
    assert django_cache.get("guidance:generation") != generation


def test_page_signals_start_a_new_generation(drift, guide_index):
    cache.forget_all()
    generation = django_cache.get("guidance:generation")
    drift.unpublish()
    assert django_cache.get("guidance:generation") != generation


# -- the aside through a template ---------------------------------------------------------------


def test_second_render_runs_no_queries(drift, django_assert_num_queries):
    first = render()
    assert "Drift" in first
    with django_assert_num_queries(0):
        second = render()
    assert second == first


def test_roles_aside_second_render_runs_no_queries(guide_index, django_assert_num_queries):
    make_quick_guide(guide_index, title="Fakturakontrol", roles=["contract_manager"])
    roles = frozenset({Role.CONTRACT_MANAGER})
    first = render(ROLES_ASIDE, current_roles=roles)
    assert "Fakturakontrol" in first
    with django_assert_num_queries(0):
        assert render(ROLES_ASIDE, current_roles=roles) == first


def test_different_asides_are_cached_apart(drift, guide_index, finds):
    make_quick_guide(guide_index, title="Behov", phases=["specification"])
    assert "Drift" in render()
    specification = render('{% guidance_for phase="specification" limit=3 %}')
    assert "Behov" in specification and "Drift" not in specification
    assert "Drift" in render('{% guidance_for phase="operation" topics="contract" limit=2 %}')
    assert finds["guides_for_context"].call_count == 3


def test_a_published_guide_shows_at_once(drift, guide_index):
    assert "Fakturakontrol" not in render()
    make_quick_guide(
        guide_index, title="Fakturakontrol", phases=["operation"], topics=["contract", "invoice"]
    )
    assert '<a href="/vejledninger/fakturakontrol/">Fakturakontrol</a>' in render()


def test_a_published_role_guide_shows_at_once(guide_index):
    roles = frozenset({Role.CONTRACT_MANAGER})
    assert render(ROLES_ASIDE, current_roles=roles).strip() == ""
    make_quick_guide(guide_index, title="Kontraktstyring", roles=["contract_manager"])
    assert "Kontraktstyring" in render(ROLES_ASIDE, current_roles=roles)


def test_an_unpublished_guide_disappears(drift):
    assert "Drift" in render()
    drift.unpublish()
    assert "Drift" not in render()


def test_a_deleted_guide_disappears(drift):
    assert "Drift" in render()
    drift.delete()
    assert "Drift" not in render()


def test_a_new_revision_of_a_guide_shows_its_new_title(drift):
    assert "Drift" in render()
    drift.title = "Drift og vedligehold"
    drift.save_revision().publish()
    assert "Drift og vedligehold" in render()


def test_a_changed_slug_changes_the_link(drift, django_capture_on_commit_callbacks):
    assert 'href="/vejledninger/drift/"' in render()
    drift.slug = "daglig-drift"
    # Wagtail sends page_slug_changed once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        drift.save_revision().publish()
    html = render()
    assert 'href="/vejledninger/daglig-drift/"' in html
    assert 'href="/vejledninger/drift/"' not in html


def test_a_moved_guide_gets_its_new_link(drift):
    assert 'href="/vejledninger/drift/"' in render()
    drift.move(home_page(), pos="last-child")
    html = render()
    assert 'href="/drift/"' in html
    assert "/vejledninger/drift/" not in html


@pytest.mark.parametrize(
    ("model", "slug"),
    [(Topic, "contract"), (Phase, "operation"), (GuidanceRole, "contract_manager")],
)
def test_changing_the_taxonomy_forgets_the_cache(drift, finds, model, slug):
    render()
    render()
    assert finds["guides_for_context"].call_count == 1
    item = model.objects.get(slug=slug)
    item.name = f"{item.name} (omdøbt)"
    item.save()
    render()
    assert finds["guides_for_context"].call_count == 2


def test_deleting_a_topic_forgets_the_cache(drift, finds, guide_index):
    render()
    Topic.objects.create(slug="midlertidig", name="Midlertidig").delete()
    render()
    assert finds["guides_for_context"].call_count == 2


def test_saving_an_unrelated_model_keeps_the_cache(drift, finds, org_a):
    render()
    org_a.name = "Nordby Kommune (ny)"
    org_a.save()
    render()
    assert finds["guides_for_context"].call_count == 1


# -- the aside on app pages ---------------------------------------------------------------------


@pytest.fixture
def manager_client(org_a, make_member, client_for):
    return client_for(make_member(org_a, Role.CONTRACT_MANAGER))


def test_contract_list_reads_guidance_once(drift, manager_client):
    url = reverse("contracts:contract-list")
    with CaptureQueriesContext(connection) as first:
        first_html = manager_client.get(url).content.decode()
    assert '<a href="/vejledninger/drift/">Drift</a>' in first_html
    assert guidance_queries(first)
    with CaptureQueriesContext(connection) as second:
        second_html = manager_client.get(url).content.decode()
    assert '<a href="/vejledninger/drift/">Drift</a>' in second_html
    assert guidance_queries(second) == []


def test_contract_list_shows_a_new_guide_and_drops_an_unpublished_one(
    drift, guide_index, manager_client
):
    url = reverse("contracts:contract-list")
    assert "Drift" in manager_client.get(url).content.decode()
    new = publish_guide(guide_index, title="Leverandørmøder", topics=["contract"])
    html = manager_client.get(url).content.decode()
    assert "Leverandørmøder</a>" in html
    new.unpublish()
    drift.unpublish()
    html = manager_client.get(url).content.decode()
    assert "Leverandørmøder" not in html
    assert "Drift</a>" not in html


def test_dashboard_shows_a_new_role_guide_at_once(guide_index, manager_client):
    assert "Fakturakontrol" not in manager_client.get(reverse("dashboard")).content.decode()
    make_quick_guide(guide_index, title="Fakturakontrol", roles=["contract_manager"])
    html = manager_client.get(reverse("dashboard")).content.decode()
    assert '<a href="/vejledninger/fakturakontrol/">Fakturakontrol</a>' in html


# -- invalidation and transactions -------------------------------------------------------------


def in_another_request(function):
    """function()'s value computed in another thread, on its own database connection."""
    result = {}

    def run():
        try:
            result["value"] = function()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result["value"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a reader while another connection writes"
)
@pytest.mark.django_db(transaction=True)
def test_an_aside_rendered_while_a_guide_is_being_published_is_not_kept(guide_index):
    assert "Drift" not in render()
    with transaction.atomic():
        make_quick_guide(guide_index, title="Drift", phases=["operation"], topics=["contract"])
        # Another request renders the aside before the publication commits: it reads the old
        # (committed) guides.
        assert "Drift" not in in_another_request(render)
    assert "Drift" in render()


class _Unreachable:
    """A cache whose server cannot be reached."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is down")

        return fail


def test_guidance_is_read_anew_when_the_cache_cannot_be_reached(drift, monkeypatch, cache_warnings):
    assert "Drift" in render()
    monkeypatch.setattr(cache, "cache", _Unreachable())
    compute = counting(["guide"])
    assert cache.remembered(("aside",), compute) == ["guide"]
    assert "Drift" in render()
    assert any("could not be read" in warning for warning in cache_warnings)


def test_a_guidance_change_goes_on_when_the_cache_cannot_be_reached(
    guide_index, monkeypatch, cache_warnings
):
    monkeypatch.setattr(cache, "cache", _Unreachable())
    topic = Topic.objects.get(slug="contract")
    topic.name = "Kontrakter og aftaler"
    topic.save()  # starts a new generation, which fails, logged
    assert Topic.objects.get(slug="contract").name == "Kontrakter og aftaler"
    assert any("could not start a new generation" in warning for warning in cache_warnings)
