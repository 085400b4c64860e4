"""Security baseline: deploy checks, CSP, login throttling, password rules, session timeout."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse

from organisations.roles import Role

ROOT = Path(__file__).resolve().parents[1]


def test_deploy_checks_pass_with_production_settings():
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "p" * 20 + "roduction-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "kommune-it.example.dk",
        "SITE_URL": "https://kommune-it.example.dk",
    }
    env.pop("SECURE", None)
    # The browser tests' conftest sets this for the live server; production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_use_host_cookies_and_hsts():
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)"
    )
    env = {**os.environ, "DEBUG": "false", "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("SECURE", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "31536000",
        "True",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("", "django.contrib.sessions.backends.db"),
        ("locmemcache://kommune-it", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/1", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_go_through_the_cache_only_when_every_process_shares_it(cache_url, engine):
    """A cache in each process's memory would keep a signed-out session alive in the others."""
    code = (
        "import django;django.setup();from django.conf import settings as s;print(s.SESSION_ENGINE)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("CACHE_URL", None)
    if cache_url:
        env["CACHE_URL"] = cache_url
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == engine


def test_app_pages_have_strict_csp(org_a, admin_a, client_for):
    response = client_for(admin_a).get(reverse("dashboard"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_wagtail_admin_gets_relaxed_csp(client):
    response = client.get("/cms/login/")
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy
    assert "nonce-" not in policy


@pytest.mark.django_db
def test_login_locks_out_username_from_address_after_failures(org_a, make_member, client):
    user = make_member(org_a, Role.READER, username="karin")
    url = reverse("login")
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "karin", "password": "wrong-password-1"})
        assert response.status_code == 200
        assert "Indtast venligst korrekt brugernavn og adgangskode" in response.content.decode()
    response = client.post(url, {"username": "karin", "password": "wrong-password-1"})
    assert response.status_code == 429
    locked = client.post(url, {"username": "karin", "password": "correct-horse-battery"})
    assert locked.status_code == 429
    assert "For mange mislykkede login-forsøg" in locked.content.decode()
    # Another user from the same address is not locked out.
    other = make_member(org_a, Role.READER, username="gitte")
    ok = client.post(url, {"username": "gitte", "password": "correct-horse-battery"})
    assert ok.status_code == 302
    assert user.pk != other.pk


def test_lockout_cools_off():
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


@pytest.mark.django_db
def test_real_login_and_logout(org_a, make_member, client):
    make_member(org_a, Role.READER, username="lars")
    response = client.post(
        reverse("login"), {"username": "lars", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.parametrize(
    ("password", "valid"),
    [("kort-kode1", False), ("123456789012", False), ("lang-nok-kode-2026", True)],
)
def test_password_rules(password, valid):
    if valid:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


@pytest.mark.django_db
def test_session_ends_after_idle_time(org_a, make_member, client_for, time_machine):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = client_for(make_member(org_a, Role.READER))
    time_machine.move_to("2026-11-27 10:00:00+00:00", tick=False)
    client.get(reverse("dashboard"))

    def stored_expiry():
        return Session.objects.get(session_key=client.session.session_key).expire_date

    expiry = stored_expiry()
    # Within a minute the session is not written again; after it, the expiry moves on.
    time_machine.move_to("2026-11-27 10:00:30+00:00", tick=False)
    client.get(reverse("dashboard"))
    assert stored_expiry() == expiry
    time_machine.move_to("2026-11-27 10:20:00+00:00", tick=False)
    assert client.get(reverse("dashboard")).status_code == 200
    assert stored_expiry() > expiry
    # Thirty-one idle minutes later the session is gone.
    time_machine.move_to("2026-11-27 10:51:00+00:00", tick=False)
    assert client.get(reverse("dashboard")).status_code == 302
