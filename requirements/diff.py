"""Readable word-level differences between two texts or two requirement versions (pure code)."""

import difflib
import re
from dataclasses import dataclass
from typing import Literal

Operation = Literal["equal", "insert", "delete"]

# Words, runs of whitespace and single punctuation marks, so a diff never splits a word.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    operation: Operation
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """Segments that turn `old` into `new`: unchanged, inserted and deleted runs of words."""
    old_tokens, new_tokens = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(old_tokens[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment("delete", "".join(old_tokens[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment("insert", "".join(new_tokens[j1:j2])))
    return segments


def has_changes(segments: list[Segment]) -> bool:
    return any(segment.operation != "equal" for segment in segments)


@dataclass(frozen=True)
class FieldDiff:
    name: str
    label: str
    segments: list[Segment]

    @property
    def changed(self) -> bool:
        return has_changes(self.segments)


def field_diffs(
    old: dict[str, str], new: dict[str, str], labels: dict[str, str]
) -> list[FieldDiff]:
    """One diff per field named in `labels`, in that order; values are plain strings."""
    return [
        FieldDiff(name, label, word_diff(old.get(name, ""), new.get(name, "")))
        for name, label in labels.items()
    ]
