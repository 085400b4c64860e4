"""Uploads waiting for the user's confirmation: an import's preview, then its commit.

The previewed file waits in a private file under MEDIA_ROOT/imports/, named by a random token
that only the uploader's session knows, with what the upload was for (the import, the
organisation, the format). Confirming imports that very file, read again, so what is stored is
what was previewed; the user neither uploads it twice nor could swap it in between, and re-posted
rows are never trusted. A confirmation is used once: a second one (a double click, the form sent
again) is refused as such. A session keeps a few; files nobody confirmed within a day are removed.
"""

import contextlib
import re
import secrets
import time
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "pending_uploads"
# The uploads this session confirmed or cancelled lately: a second confirmation is told so.
TAKEN_KEY = "pending_uploads_taken"
TAKEN_SUFFIX = ".taken"
PER_SESSION = 5
MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")


def keep(request: HttpRequest, content: bytes, **about: str | int) -> str:
    """Keep `content` until the user confirms or cancels; returns the token naming it.
    `about` (JSON values: what the upload is for) comes back with it from take()."""
    _purge()
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    path = directory / token
    with open(path, "xb") as handle:
        handle.write(content)
    path.chmod(0o600)
    pending = _pending(request)
    while len(pending) >= PER_SESSION:
        oldest = next(iter(pending))
        del pending[oldest]
        _discard(oldest)
    pending[token] = about
    request.session[SESSION_KEY] = pending
    return token


class Kept(NamedTuple):
    content: bytes
    about: dict


class AlreadyTaken(Exception):
    """The upload was confirmed or cancelled already: a double click, or the form sent again."""


def take(request: HttpRequest, token: str, **expected: str | int) -> Kept | None:
    """The upload kept under `token` by this session, if what keep() was told about it includes
    `expected`; forgotten as it is returned (a confirmation is used once). None when there is no
    such upload any more; AlreadyTaken when this session took it already."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    taken = _taken(request)
    if _matches(taken.get(token), expected):
        raise AlreadyTaken
    pending = _pending(request)
    about = pending.get(token)
    if not _matches(about, expected):
        return None
    del pending[token]
    request.session[SESSION_KEY] = pending
    taken[token] = about
    request.session[TAKEN_KEY] = dict(list(taken.items())[-PER_SESSION:])
    path = _directory() / token
    # Renamed before it is read: of two confirmations at once (a double click, both with the
    # session as it was before either) only one finds the file, so the import runs once; the
    # other finds the renamed file and knows why.
    claimed = path.with_name(f"{token}{TAKEN_SUFFIX}")
    try:
        path.rename(claimed)
    except OSError:
        if claimed.exists():
            raise AlreadyTaken from None
        return None
    try:
        return Kept(claimed.read_bytes(), about)
    except OSError:
        return None
    finally:
        # Emptied but kept (removed with the rest after a day) for that other confirmation.
        with contextlib.suppress(OSError):
            claimed.write_bytes(b"")


def _matches(about: dict | None, expected: dict) -> bool:
    return about is not None and all(about.get(key) == value for key, value in expected.items())


def _taken(request: HttpRequest) -> dict:
    return dict(request.session.get(TAKEN_KEY, {}))


def _pending(request: HttpRequest) -> dict:
    return dict(request.session.get(SESSION_KEY, {}))


def _directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _discard(token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        with contextlib.suppress(OSError):
            (_directory() / token).unlink(missing_ok=True)


def _purge() -> None:
    """Remove uploads nobody confirmed within a day."""
    directory = _directory()
    if not directory.is_dir():
        return
    limit = time.time() - MAX_AGE_SECONDS
    for path in directory.iterdir():
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
