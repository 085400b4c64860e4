"""A specification as plain, numbered values that every export format (PDF, DOCX, XLSX, ReqIF,
JSON) renders; built once by `build_document` so the formats cannot disagree."""

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .. import selectors
from ..models import Kind, Specification, SpecificationItem


@dataclass
class ExportItem:
    number: str
    item_id: int
    stable_id: str
    key: str
    version: int
    title: str
    text: str
    bank_text: str
    modified: bool
    kind: str
    kind_label: str
    weight: int | None
    priority: str
    priority_label: str
    decision: str
    decision_label: str
    justification: str
    verification: str
    evidence: str
    sources: list[str]

    @property
    def kind_text(self) -> str:
        if self.kind == Kind.AWARD and self.weight:
            return _("%(kind)s (weight %(weight)s %%)") % {
                "kind": self.kind_label,
                "weight": self.weight,
            }
        return self.kind_label


@dataclass
class ExportSection:
    number: str
    title: str
    items: list[ExportItem] = field(default_factory=list)


@dataclass
class SpecificationDocument:
    specification_id: int
    title: str
    organisation: str
    procurement: str
    description: str
    release: str
    status: str
    # Not final: every format marks it, so that it is not sent to suppliers by mistake.
    draft: bool
    generated_at: datetime
    sections: list[ExportSection]
    left_out: list[ExportItem]

    @property
    def included(self) -> list[ExportItem]:
        return [item for section in self.sections for item in section.items]

    def to_json(self) -> str:
        data = asdict(self)
        data["generated_at"] = self.generated_at.isoformat()
        return json.dumps(data, ensure_ascii=False, indent=2)


# The colour of the draft mark and notice in every format (RGB hex).
DRAFT_COLOUR = "B42318"


def draft_mark() -> str:
    """The word that marks a draft's export (on every page where there are pages)."""
    return pgettext("specification export", "DRAFT")


def draft_notice() -> str:
    return _("Draft: this specification is not final and must not be sent to suppliers.")


def compliance_header() -> list[str]:
    """The columns of the compliance table in the Word and PDF documents."""
    return [
        _("No."),
        _("Key"),
        _("Requirement"),
        _("Kind"),
        _("Met / partly / not met"),
        _("Comment"),
    ]


def compliance_row(item: ExportItem) -> list[str]:
    """An item's row of that table; the supplier fills in the last two columns."""
    return [item.number, item.key, item.title, item.kind_text, "", ""]


def _export_item(item: SpecificationItem, number: str) -> ExportItem:
    version = item.version
    return ExportItem(
        number=number,
        item_id=item.pk,
        stable_id=str(item.requirement.uuid),
        key=item.requirement.key,
        version=version.number,
        title=version.title,
        text=item.effective_text,
        bank_text=version.text,
        modified=item.decision == SpecificationItem.Decision.MODIFIED,
        kind=item.kind,
        kind_label=str(item.get_kind_display()),
        weight=item.weight,
        priority=item.priority,
        priority_label=str(item.get_priority_display()),
        decision=item.decision,
        decision_label=str(item.get_decision_display()),
        justification=item.justification,
        verification=version.verification,
        evidence=version.evidence,
        sources=list(version.sources),
    )


def build_document(specification: Specification) -> SpecificationDocument:
    """Included requirements numbered per category section (1.1, 1.2, 2.1 ...); the rest apart."""
    titles = selectors.category_labels(selectors.flatten(selectors.category_tree()))
    sections: list[ExportSection] = []
    by_category: dict[int, ExportSection] = {}
    left_out: list[ExportItem] = []
    for item in selectors.specification_items(specification):
        if not item.is_included:
            left_out.append(_export_item(item, ""))
            continue
        category_id = item.requirement.category_id
        section = by_category.get(category_id)
        if section is None:
            section = ExportSection(number=str(len(sections) + 1), title=titles[category_id])
            sections.append(section)
            by_category[category_id] = section
        section.items.append(_export_item(item, f"{section.number}.{len(section.items) + 1}"))
    return SpecificationDocument(
        specification_id=specification.pk,
        title=specification.title,
        organisation=specification.organisation.name,
        procurement=specification.procurement,
        description=specification.description,
        release=specification.release.number,
        status=str(specification.get_status_display()),
        draft=not specification.is_final,
        generated_at=timezone.localtime(),
        sections=sections,
        left_out=left_out,
    )
