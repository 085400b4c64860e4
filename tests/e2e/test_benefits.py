"""Browser test: a benefit owner records a measurement and sees the status and chart change."""

from datetime import timedelta
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from benefits.charts import MEASUREMENT_CLASS
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
