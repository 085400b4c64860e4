"""Fulfilment counts and percentages (pure: plain numbers in, numbers out).

Definitions (shown to users on the matrix and in the report):

- *assessed*: met + partly met + not met. "Waived" and "not assessed" are not assessed results.
- *applicable*: every requirement except the waived ones (waiving takes it out of the contract).
- *percentage met* = met / assessed × 100: of the applicable requirements someone has assessed,
  how many are fully met. Partly met counts against it. Empty (None) while nothing is assessed.
- *percentage assessed* = assessed / applicable × 100: how far the follow-up has come.
  Empty (None) when nothing is applicable.

Percentages are rounded half up to whole percent (2 of 3 is 67 %, 1 of 8 is 13 %).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

STATUSES = ("met", "partly", "not_met", "waived", "not_assessed")


def percent(part: int, whole: int) -> int | None:
    if not whole:
        return None
    exact = Decimal(100 * part) / Decimal(whole)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Tally:
    met: int = 0
    partly: int = 0
    not_met: int = 0
    waived: int = 0
    not_assessed: int = 0

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> "Tally":
        """From a mapping status -> count (missing statuses count 0)."""
        return cls(**{status: int(counts.get(status) or 0) for status in STATUSES})

    @classmethod
    def from_statuses(cls, statuses: Iterable[str]) -> "Tally":
        counts: dict[str, int] = {}
        for status in statuses:
            counts[status] = counts.get(status, 0) + 1
        return cls.of(counts)

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(*(getattr(self, s) + getattr(other, s) for s in STATUSES))

    @property
    def total(self) -> int:
        return self.met + self.partly + self.not_met + self.waived + self.not_assessed

    @property
    def assessed(self) -> int:
        return self.met + self.partly + self.not_met

    @property
    def applicable(self) -> int:
        return self.total - self.waived

    @property
    def percent_met(self) -> int | None:
        return percent(self.met, self.assessed)

    @property
    def percent_assessed(self) -> int | None:
        return percent(self.assessed, self.applicable)

    def count(self, status: str) -> int:
        return getattr(self, status)
