"""Guidance search: live guidance pages, and published requirements when the bank offers them."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

import requirements.selectors
from cms.selectors import published_requirements_search
from organisations.roles import Role
from tests.cms.factories import make_checklist, make_quick_guide, make_role_description

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(org_a, make_member, client_for):
    return client_for(make_member(org_a, Role.READER))


@pytest.fixture
def no_requirement_search(monkeypatch):
    monkeypatch.delattr(requirements.selectors, "search_published_requirements", raising=False)


def titles(response) -> list[str]:
    return [page.title for page in response.context["results"]]


def test_search_finds_live_guidance_pages(guide_index, reader, no_requirement_search):
    make_quick_guide(
        guide_index, title="Fakturakontrol", summary="Kontrollér fakturaer mod kontrakten."
    )
    make_quick_guide(guide_index, title="Fakturakladde", summary="Fakturaer i kladde.", live=False)
    make_quick_guide(guide_index, title="Markedsdialog", summary="Tal med leverandørerne.")
    make_checklist(guide_index, title="Fakturaer hver måned")
    response = reader.get(reverse("cms:search"), {"q": "fakturaer"})
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Fakturaer hver måned", "Fakturakontrol"]
    html = response.content.decode()
    assert '<a href="/vejledninger/fakturakontrol/">Fakturakontrol</a>' in html
    assert "Published requirements" not in html


def test_search_covers_block_content_and_role_descriptions(guide_index, reader):
    make_quick_guide(
        guide_index,
        title="Exit",
        body=[{"type": "tip", "value": {"text": "Aftal dataformatet ved ophør."}}],
    )
    make_role_description(guide_index, role="contract_manager", title="Kontraktansvarlig")
    assert titles(reader.get(reverse("cms:search"), {"q": "dataformatet"})) == ["Exit"]
    assert titles(reader.get(reverse("cms:search"), {"q": "fakturaer"})) == ["Kontraktansvarlig"]


def test_empty_query_shows_only_the_form(guide_index, reader):
    make_quick_guide(guide_index, title="Fakturakontrol")
    response = reader.get(reverse("cms:search"))
    assert response.status_code == 200
    assert list(response.context["results"]) == []
    assert 'name="q"' in response.content.decode()


def test_search_requires_sign_in(client):
    response = client.get(reverse("cms:search"), {"q": "faktura"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_search_shows_published_requirements_when_the_bank_offers_them(
    guide_index, reader, monkeypatch
):
    calls = []

    def fake_search(query, limit):
        calls.append((query, limit))
        return [
            SimpleNamespace(
                title="ARK-1 Åbne formater", url="/app/requirements/x/", summary="Data"
            ),
            {"title": "SIK-2 Log", "url": "/app/requirements/y/", "summary": ""},
        ]

    monkeypatch.setattr(requirements.selectors, "search_published_requirements", fake_search)
    response = reader.get(reverse("cms:search"), {"q": "  formater "})
    assert calls == [("formater", 10)]
    html = response.content.decode()
    assert '<a href="/app/requirements/x/">ARK-1 Åbne formater</a>' in html
    assert '<a href="/app/requirements/y/">SIK-2 Log</a>' in html


def test_requirement_hook_is_skipped_when_missing(no_requirement_search):
    assert published_requirements_search("formater", 10) == []


def test_search_matches_word_beginnings_and_ignores_query_syntax(guide_index, reader):
    make_quick_guide(guide_index, title="Månedlig kontrol", summary="Kontrollér fakturaerne.")
    make_quick_guide(guide_index, title="Markedsdialog", summary="Tal med leverandørerne.")
    for query in ("faktura", 'faktura"', "FAKTURA*", '"(faktura'):
        assert titles(reader.get(reverse("cms:search"), {"q": query})) == ["Månedlig kontrol"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's search has no stemming")
def test_search_stems_danish_words(guide_index, reader, no_requirement_search):
    make_quick_guide(guide_index, title="Opsigelse", summary="Hold øje med kontrakternes frister.")
    make_quick_guide(guide_index, title="Markedsdialog", summary="Tal med leverandørerne.")
    # Both are other inflections of words in the guide (kontrakt-, frist-): stemming finds them.
    assert titles(reader.get(reverse("cms:search"), {"q": "kontrakter"})) == ["Opsigelse"]
    assert titles(reader.get(reverse("cms:search"), {"q": "fristen"})) == ["Opsigelse"]


def test_search_results_page_on_with_the_query(
    guide_index, reader, no_requirement_search, monkeypatch
):
    monkeypatch.setattr("cms.views.SEARCH_PAGE_SIZE", 1)
    make_quick_guide(guide_index, title="Fakturakontrol", summary="Fakturaer mod kontrakten.")
    make_quick_guide(guide_index, title="Fakturaflow", summary="Fakturaer og godkendelse.")

    first = reader.get(reverse("cms:search"), {"q": "fakturaer"})
    second = reader.get(reverse("cms:search"), {"q": "fakturaer", "page": 2})

    assert 'href="?q=fakturaer&amp;page=2"' in first.content.decode()
    assert len(titles(first)) == len(titles(second)) == 1
    assert titles(first) != titles(second)
