"""The Wagtail site's address follows SITE_URL (cms.sites)."""

import pytest
from django.core.management import call_command
from wagtail.models import Site

from cms.models import HomePage
from cms.sites import sync_default_site

pytestmark = pytest.mark.django_db


def test_migrate_gives_the_default_site_the_address_of_site_url(settings):
    settings.SITE_URL = "https://kommune-it.nordby.dk"
    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("kommune-it.nordby.dk", 443)
    home = HomePage.objects.get()
    assert home.full_url == "https://kommune-it.nordby.dk/"


def test_a_port_in_site_url_is_kept(settings):
    settings.SITE_URL = "http://intra.sydhavn.local:8080"
    sync_default_site()
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://intra.sydhavn.local:8080"
