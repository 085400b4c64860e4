"""pk_url builds the same links as reverse(), for every URL configuration it is used under."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import NoReverseMatch, path, register_converter, reverse, set_script_prefix

from config.links import pk_url


class ReversedKey:
    """Writes the key backwards: the key's digits are not in the URL."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        return int(value[::-1])

    def to_url(self, value: int) -> str:
        return str(value)[::-1]


class PaddedKey:
    """Writes the key with six digits: the key's digits are in the URL, with more before them."""

    regex = "[0-9]{6}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{value:06d}"


class CheckedKey:
    """Writes the key and a check digit: the key's digits are in the URL, with more after them."""

    regex = "[0-9]+-[0-9]"

    def to_python(self, value: str) -> int:
        return int(value.split("-")[0])

    def to_url(self, value: int) -> str:
        return f"{value}-{value % 7}"


register_converter(ReversedKey, "reversedkey")
register_converter(PaddedKey, "paddedkey")
register_converter(CheckedKey, "checkedkey")


def view(request, pk):
    return HttpResponse(str(pk))


class HereURLs:
    urlpatterns = [path("here/<int:pk>/", view, name="thing")]


class MovedURLs:
    urlpatterns = [path("elsewhere/<int:pk>/page/", view, name="thing")]


class ConvertedURLs:
    urlpatterns = [
        path("r/<reversedkey:pk>/", view, name="reversed"),
        path("p/<paddedkey:pk>/", view, name="padded"),
        path("c/<checkedkey:pk>/", view, name="checked"),
        path("short/<int:pk>/", view, name="short"),
    ]


@pytest.mark.parametrize("pk", [0, 1, 7, 42, 10_000_000_001])
def test_same_as_reverse(pk):
    name = "contracts:contract-detail"
    assert pk_url(name, pk) == reverse(name, kwargs={"pk": pk})


def test_follows_the_url_configuration_in_use():
    with override_settings(ROOT_URLCONF=HereURLs):
        assert pk_url("thing", 5) == "/here/5/"
    with override_settings(ROOT_URLCONF=MovedURLs):
        assert pk_url("thing", 5) == "/elsewhere/5/page/"
    with override_settings(ROOT_URLCONF=HereURLs):
        assert pk_url("thing", 6) == "/here/6/"


def test_follows_the_script_prefix():
    name = "contracts:contract-detail"
    assert pk_url(name, 3) == "/app/contracts/3/"
    set_script_prefix("/kommune/")
    try:
        assert pk_url(name, 3) == reverse(name, args=[3]) == "/kommune/app/contracts/3/"
    finally:
        set_script_prefix("/")
    assert pk_url(name, 3) == "/app/contracts/3/"


@pytest.mark.parametrize(
    ("name", "pk", "url"),
    [("reversed", 123, "/r/321/"), ("reversed", 120, "/r/021/"), ("padded", 5, "/p/000005/"),
     ("padded", 2026, "/p/002026/"), ("checked", 5, "/c/5-5/"), ("checked", 9, "/c/9-2/")],
)  # fmt: skip
def test_a_route_whose_converter_rewrites_the_key_is_reversed_each_time(name, pk, url):
    with override_settings(ROOT_URLCONF=ConvertedURLs):
        assert pk_url(name, pk) == reverse(name, kwargs={"pk": pk}) == url


@pytest.mark.parametrize("pk", [True, "5", " 5", 5.9, -1, None])
def test_anything_but_a_plain_key_is_reversed_as_reverse_takes_it(pk):
    name = "contracts:contract-detail"
    try:
        expected = reverse(name, kwargs={"pk": pk})
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            pk_url(name, pk)
    else:
        assert pk_url(name, pk) == expected
