"""Fixtures for guidance: the page tree, the editorial groups and their users."""

import pytest

from cms.models import GuideIndexPage
from cms.services import EDITORS_GROUP, MODERATORS_GROUP
from tests.cms.factories import ensure_page_tree, set_up_moderation, wagtail_user


@pytest.fixture
def guide_index(db) -> GuideIndexPage:
    return ensure_page_tree()


@pytest.fixture
def moderation(guide_index):
    return set_up_moderation()


@pytest.fixture
def editor(moderation):
    return wagtail_user(EDITORS_GROUP, username="emil.editor")


@pytest.fixture
def moderator(moderation):
    return wagtail_user(MODERATORS_GROUP, username="mona.moderator")
