"""Factories for the requirement bank: categories, and published requirements via the services."""

import factory
from factory.django import DjangoModelFactory

from requirements import services
from requirements.models import Category, Requirement


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"C{n:02d}")
    name = factory.Sequence(lambda n: f"Kategori {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


def content(**overrides) -> dict:
    values = {
        "title": "Logning af opslag",
        "text": "Løsningen skal logge alle opslag i personoplysninger.",
        "purpose": "Misbrug skal kunne opdages.",
        "buyer_guidance": "Aftal hvor længe loggen gemmes.",
        "verification": "Test ved overtagelsesprøven.",
        "evidence": "Eksempel på en log.",
        "sources": ["Databeskyttelsesforordningen art. 32"],
        "kind": "minimum",
        "cost_note": "Lav merpris.",
        "change_note": "Første udgave.",
    }
    values.update(overrides)
    return values


def published_requirement(
    *, key: str, category: Category, author, approver, tags=("logning",), **overrides
) -> Requirement:
    """A shared requirement drafted by `author` and approved by `approver` (version 1)."""
    requirement = services.requirement_create(
        organisation=None,
        key=key,
        category=category,
        tags=tags,
        content=content(**overrides),
        actor=author,
    )
    version = requirement.versions.get(number=1)
    services.version_submit(version=version, actor=author)
    services.version_approve(version=version, actor=approver)
    requirement.refresh_from_db()
    return requirement


def publish_new_version(requirement: Requirement, *, author, approver, **overrides):
    version = services.requirement_save_draft(
        requirement=requirement, content=content(**overrides), actor=author
    )
    services.version_submit(version=version, actor=author)
    services.version_approve(version=version, actor=approver)
    requirement.refresh_from_db()
    return version


def local_requirement(*, organisation, key: str, category: Category, actor, **overrides):
    return services.requirement_create(
        organisation=organisation,
        key=key,
        category=category,
        content=content(**overrides),
        actor=actor,
    )
