"""The Wagtail site's address follows SITE_URL, so links Wagtail writes (in moderation emails,
"view live") point at the real site, not at the placeholder the first migration made."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def site_address() -> tuple[str, int]:
    parts = urlsplit(settings.SITE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def sync_default_site(**_signal_arguments) -> None:
    """post_migrate receiver (cms.apps): give the default site SITE_URL's host and port."""
    hostname, port = site_address()
    Site.objects.filter(is_default_site=True).exclude(hostname=hostname, port=port).update(
        hostname=hostname, port=port
    )
    Site.clear_site_root_paths_cache()
