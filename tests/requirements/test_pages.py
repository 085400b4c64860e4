"""Every page of the app renders for the people who use it (a guard against template errors)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from organisations.roles import Role
from requirements import services
from requirements.models import SpecificationItem

from .factories import content, local_requirement

pytestmark = pytest.mark.django_db


def test_editor_pages(bank, editor, client_for):
    with scopes_disabled():
        draft = services.requirement_save_draft(
            requirement=bank.log, content=content(title="Kladde"), actor=editor
        )
        services.version_comment(version=draft, author=editor, text="Se lige her.")
    client = client_for(editor)
    uuid = bank.log.uuid
    for url in [
        reverse("requirements:bank"),
        reverse("requirements:bank") + "?status=draft",
        reverse("requirements:category", args=["SIK"]),
        reverse("requirements:requirement", args=[uuid]),
        reverse("requirements:version", args=[uuid, 1]),
        reverse("requirements:version", args=[uuid, 2]),
        reverse("requirements:diff", args=[uuid]),
        reverse("requirements:requirement-new"),
        reverse("requirements:requirement-edit", args=[uuid]),
        reverse("requirements:review-queue"),
        reverse("requirements:import"),
        reverse("requirements:release-list"),
        reverse("requirements:release", args=[bank.release.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("requirements:version", args=[uuid, 2])).content.decode()
    assert "Se lige her." in page and "Send til godkendelse" in page


def test_municipality_pages(bank, org_a, planner_a, specification_a, client_for):
    with scopes_disabled():
        local_requirement(organisation=org_a, key="NOR-001", category=bank.security, actor=None)
        item = SpecificationItem.objects.filter(specification=specification_a).first()
    client = client_for(planner_a)
    pk = specification_a.pk
    for url in [
        reverse("requirements:bank"),
        reverse("requirements:specification-list"),
        reverse("requirements:specification-new"),
        reverse("requirements:specification", args=[pk]),
        reverse("requirements:specification", args=[pk]) + "?only=undecided",
        reverse("requirements:specification", args=[pk]) + "?only=flagged",
        reverse("requirements:specification-edit", args=[pk]),
        reverse("requirements:item", args=[pk, item.pk]),
        reverse("requirements:responses", args=[pk]),
        reverse("requirements:requirement-new"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("requirements:specification", args=[pk])).content.decode()
    assert "NOR-001" in page  # offered as a local requirement to add


def test_reader_sees_no_edit_controls(bank, org_a, specification_a, make_member, client_for):
    client = client_for(make_member(org_a, Role.READER))
    page = client.get(reverse("requirements:specification", args=[specification_a.pk]))
    assert page.status_code == 200
    assert "Markér som endelig" not in page.content.decode()
    assert client.get(reverse("requirements:specification-new")).status_code == 403
