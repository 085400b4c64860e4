"""Isolation-test builders for the bank's and specifications' routes (tests/isolation.py).

Bank routes take a requirement's stable id: A's local requirement must answer 404 to B.
"""

from datetime import date

from django_scopes import scopes_disabled

from requirements import services
from requirements.models import SpecificationItem

from .factories import CategoryFactory, local_requirement, published_requirement


def _local(world):
    def build():
        with scopes_disabled():
            return local_requirement(
                organisation=world.organisation,
                key="NOR-001",
                category=CategoryFactory(key="ISO-SIK"),
                actor=None,
            )

    return world.once("requirements-local", build)


def _specification(world):
    def build():
        author, approver = world.make_member(), world.make_member()
        with scopes_disabled():
            category = CategoryFactory(key="ISO-SIK")
            published_requirement(
                key="ISO-100", category=category, author=author, approver=approver
            )
            release = services.release_create(
                number="2099.1", released_on=date(2099, 1, 1), note="", actor=None
            )
            return services.specification_create(
                organisation=world.organisation,
                title="Isolationstest",
                release=release,
                categories=[category],
                actor=None,
            )

    return world.once("requirements-specification", build)


def requirement_in(world) -> dict:
    return {"uuid": _local(world).uuid}


def version_in(world) -> dict:
    return {"uuid": _local(world).uuid, "number": 1}


def specification_in(world) -> dict:
    return {"pk": _specification(world).pk}


def item_in(world) -> dict:
    specification = _specification(world)
    with scopes_disabled():
        item = SpecificationItem.objects.filter(specification=specification).first()
    return {"pk": specification.pk, "item_pk": item.pk}


ROUTES = {
    "requirements:requirement": requirement_in,
    "requirements:requirement-edit": requirement_in,
    "requirements:requirement-withdraw": requirement_in,
    "requirements:diff": requirement_in,
    "requirements:relation-add": requirement_in,
    "requirements:relation-delete": lambda w: {**requirement_in(w), "pk": 1},
    "requirements:version": version_in,
    "requirements:version-submit": version_in,
    "requirements:version-approve": version_in,
    "requirements:version-send-back": version_in,
    "requirements:version-comment": version_in,
    "requirements:specification": specification_in,
    "requirements:specification-edit": specification_in,
    "requirements:specification-add-local": specification_in,
    "requirements:specification-final": specification_in,
    "requirements:specification-reopen": specification_in,
    "requirements:responses": specification_in,
    "requirements:specification-export": lambda w: {**specification_in(w), "file_format": "pdf"},
    "requirements:item": item_in,
    "requirements:item-adopt": item_in,
    "requirements:item-keep": item_in,
}

EXEMPT = {
    "requirements:category": "the shared bank's category tree, readable by every member",
    "requirements:release": "a release of the shared bank, readable by every member",
}
