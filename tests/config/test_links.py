"""pk_url builds the same links as reverse(), for every URL configuration it is used under."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, register_converter, reverse, set_script_prefix

from config.links import pk_url


class ReversedKey:
    """A converter that writes the key backwards, so the key's digits are not in the URL."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value[::-1])

    def to_url(self, value: int) -> str:
        return str(value)[::-1]


register_converter(ReversedKey, "reversedkey")


def view(request, pk):
    return HttpResponse(str(pk))


class MovedURLs:
    urlpatterns = [path("elsewhere/<int:pk>/page/", view, name="thing")]


class ReversedURLs:
    urlpatterns = [path("r/<reversedkey:pk>/", view, name="thing")]


@pytest.mark.parametrize("pk", [1, 7, 42, 10_000_000_001])
def test_same_as_reverse(pk):
    name = "contracts:contract-detail"
    assert pk_url(name, pk) == reverse(name, kwargs={"pk": pk})


def test_follows_the_url_configuration_in_use():
    with override_settings(ROOT_URLCONF=MovedURLs):
        assert pk_url("thing", 5) == "/elsewhere/5/page/"
    assert pk_url("contracts:contract-detail", 5) == reverse("contracts:contract-detail", args=[5])


def test_follows_the_script_prefix():
    set_script_prefix("/kommune/")
    try:
        assert pk_url("contracts:contract-detail", 3) == "/kommune" + reverse(
            "contracts:contract-detail", args=[3]
        ).removeprefix("/kommune")
        assert pk_url("contracts:contract-detail", 3).startswith("/kommune/app/")
    finally:
        set_script_prefix("/")


def test_a_route_that_rewrites_the_key_is_reversed_each_time():
    with override_settings(ROOT_URLCONF=ReversedURLs):
        assert pk_url("thing", 123) == "/r/321/"
        assert pk_url("thing", 120) == "/r/021/"


def test_a_key_must_be_a_number():
    with pytest.raises(ValueError):
        pk_url("contracts:contract-detail", "1/../../admin")
