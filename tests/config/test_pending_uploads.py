"""An upload kept between an import's preview and its confirmation (config.pending_uploads)."""

import pytest
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
    with pytest.raises(pending_uploads.AlreadyTaken):
        pending_uploads.take(second, token, purpose="bank")

    assert taken == (b"key,title\n", {"purpose": "bank", "filename": "krav.csv"})
    # Nothing of the file is kept; what is left tells the second confirmation why it got nothing.
    assert [path.read_bytes() for path in (tmp_path / "imports").iterdir()] == [b""]


def test_a_confirmation_sent_again_is_told_the_upload_was_taken(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = _request({})
    token = pending_uploads.keep(request, b"x", kind="suppliers", organisation=1)
    pending_uploads.take(request, token, kind="suppliers", organisation=1)
    (tmp_path / "imports" / f"{token}.taken").unlink()  # even once that is gone

    with pytest.raises(pending_uploads.AlreadyTaken):
        pending_uploads.take(request, token, kind="suppliers", organisation=1)
    # Not for another import, nor for a token never kept.
    assert pending_uploads.take(request, token, kind="contracts", organisation=1) is None
    assert pending_uploads.take(request, "x" * 43, kind="suppliers", organisation=1) is None


def test_a_kept_upload_gone_from_storage_is_no_longer_waiting(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = _request({})
    token = pending_uploads.keep(request, b"x", purpose="bank")
    (tmp_path / "imports" / token).unlink()  # removed after a day

    assert pending_uploads.take(request, token, purpose="bank") is None


def test_an_upload_is_taken_only_for_what_it_was_kept_for(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = _request({})
    token = pending_uploads.keep(request, b"x", kind="suppliers", organisation=1)

    assert pending_uploads.take(request, token, kind="contracts", organisation=1) is None
    assert pending_uploads.take(request, token, kind="suppliers", organisation=2) is None
    assert pending_uploads.take(request, "not-a-token", kind="suppliers") is None
    assert pending_uploads.take(request, token, kind="suppliers", organisation=1).content == b"x"
