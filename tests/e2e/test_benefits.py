"""Browser test: a benefit owner records a measurement and sees the status and chart change."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from django_scopes import scopes_disabled

from benefits.charts import MEASUREMENT_CLASS
from benefits.models import BusinessCase
from organisations.roles import Role
from tests.benefits.factories import BenefitFactory, BusinessCaseFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_benefit_owner_records_a_measurement_and_sees_status_and_chart_change(
    page, sign_in, org_a, make_member
):
    owner = make_member(org_a, Role.BENEFIT_OWNER, username="gitte", first_name="Gitte")
    today = timezone.localdate()
    case = BusinessCaseFactory(organisation=org_a, title="Fælles SMS-platform")
    # Nine SMS solutions down to one over a year; halfway through the plan expects five.
    BenefitFactory(
        business_case=case,
        owner=owner,
        title="Én SMS-løsning i stedet for ni",
        indicator_name="SMS-løsninger i drift",
        indicator_unit="løsninger",
        baseline_value=Decimal("9"),
        baseline_date=today - timedelta(days=180),
        target_value=Decimal("1"),
        target_date=today + timedelta(days=180),
        measurement_frequency_months=3,
    )
    sign_in("gitte")

    page.get_by_role("link", name="Gevinster").first.click()
    page.get_by_role("link", name="Én SMS-løsning i stedet for ni").click()
    status = page.get_by_test_id("benefit-status")
    chart = page.get_by_role("img", name="Én SMS-løsning i stedet for ni: SMS-løsninger i drift")
    assert "Ikke startet" in status.inner_text()
    assert chart.locator(f".{MEASUREMENT_CLASS}").count() == 0
    assert Axe().run(page).violations_count == 0

    page.get_by_label("Dato").fill(today.isoformat())
    page.get_by_label("Værdi (løsninger)").fill("5")
    page.get_by_label("Kommentar").fill("Fire løsninger opsagt")
    page.get_by_role("button", name="Registrér måling").click()

    assert "Målingen er registreret" in page.locator(".messages").inner_text()
    assert "På sporet" in status.inner_text()
    assert "50,0 %" in page.get_by_test_id("achievement").inner_text()
    assert chart.locator(f".{MEASUREMENT_CLASS}").count() == 1
    assert "Seneste måling 5 løsninger" in chart.locator("desc").text_content()
    # The flash message list belongs to base.html (its role="status" on <ul> is reported there).
    results = Axe().run(page, context={"exclude": [[".messages"]]})
    assert results.violations_count == 0, results.generate_report()

    page.get_by_label("Dato").fill(today.isoformat())
    page.get_by_label("Værdi (løsninger)").fill("1")
    page.get_by_role("button", name="Registrér måling").click()
    # One measurement a day: the form says so, and nothing changed.
    assert "allerede en måling på denne dag" in page.locator("#record").inner_text()
    assert chart.locator(f".{MEASUREMENT_CLASS}").count() == 1


def test_a_second_submit_while_the_first_is_on_its_way_stores_nothing_twice(
    page, sign_in, org_a, make_member
):
    make_member(org_a, Role.BENEFIT_OWNER, username="gitte", first_name="Gitte")
    sign_in("gitte")
    page.goto("/app/benefits/cases/new/")
    fields = {
        "title": "Fælles SMS-platform",
        "purpose": "Én SMS-løsning i stedet for ni.",
        "investment_cost": "250.000",
        "annual_running_cost": "40.000",
        "expected_annual_net_benefit": "120.000",
        "change_note": "Første udgave",
    }
    for name, value in fields.items():
        page.locator(f"main [name={name}]").fill(value)

    # Two submits in a row, as a double click on a slow connection sends them; a listener on
    # the window (the last to see the event) records whether each went on.
    went_on = page.evaluate(
        """() => {
            const form = document.querySelector("main form[method=post]");
            const seen = [];
            window.addEventListener("submit", (event) => seen.push(!event.defaultPrevented));
            form.requestSubmit();
            form.requestSubmit();
            return seen;
        }"""
    )
    page.wait_for_url(re.compile(r"/app/benefits/cases/\d+/$"))

    assert went_on == [True, False]
    with scopes_disabled():
        assert BusinessCase.objects.filter(title="Fælles SMS-platform").count() == 1
