"""An upload kept between an import's preview and its confirmation (config.pending_uploads)."""

from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from config import pending_uploads


def _request(session: dict):
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request.session.update(session)
    return request


def test_a_kept_upload_is_taken_once_even_by_two_confirmations_at_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = _request({})
    token = pending_uploads.keep(first, b"key,title\n", purpose="bank", filename="krav.csv")
    # A double click: a second request with the same session, before the first has saved it.
    second = _request(dict(first.session))

    taken = pending_uploads.take(first, token, purpose="bank")
    again = pending_uploads.take(second, token, purpose="bank")

    assert taken == (b"key,title\n", {"purpose": "bank", "filename": "krav.csv"})
    assert again is None
    assert list((tmp_path / "imports").iterdir()) == []


def test_an_upload_is_taken_only_for_what_it_was_kept_for(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = _request({})
    token = pending_uploads.keep(request, b"x", kind="suppliers", organisation=1)

    assert pending_uploads.take(request, token, kind="contracts", organisation=1) is None
    assert pending_uploads.take(request, token, kind="suppliers", organisation=2) is None
    assert pending_uploads.take(request, "not-a-token", kind="suppliers") is None
    assert pending_uploads.take(request, token, kind="suppliers", organisation=1).content == b"x"
