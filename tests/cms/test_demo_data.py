"""The demo data command creates the demo world once; a second run changes nothing."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django_scopes import scopes_disabled

from organisations.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db


def snapshot():
    with scopes_disabled():
        return (
            sorted(Organisation.objects.values_list("slug", "kind")),
            sorted(User.objects.values_list("username", "password")),
            sorted(Membership.objects.values_list("organisation__slug", "user__username", "role")),
        )


def test_demo_data_is_complete_and_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo_data")
    first = snapshot()
    out = capsys.readouterr().out
    assert "demo-kode-2026" in out
    call_command("load_demo_data")
    assert snapshot() == first

    organisations, _users, memberships = first
    assert organisations == [
        ("kravsekretariatet", "editorial"),
        ("nordby", "municipality"),
        ("sydhavn", "municipality"),
    ]
    for slug in ("nordby", "sydhavn"):
        roles = {role for org, _user, role in memberships if org == slug}
        assert {
            "administrator",
            "contract_manager",
            "system_owner",
            "benefit_owner",
            "reader",
        } <= roles
    assert ("kravsekretariatet", "redaktion.krav", "bank_editor") in memberships
    assert Group.objects.get(name="Editors").user_set.filter(username="redaktion.editor").exists()
    assert (
        Group.objects.get(name="Moderators")
        .user_set.filter(username="redaktion.moderator")
        .exists()
    )


def test_passwords_not_printed_without_debug(settings, capsys):
    settings.DEBUG = False
    call_command("load_demo_data")
    out = capsys.readouterr().out
    assert "demo-kode-2026" not in out
    assert "not printed" in out
    assert not User.objects.get(username="nordby.admin").check_password("demo-kode-2026")
