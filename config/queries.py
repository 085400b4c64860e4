"""Query helpers shared by the apps' selectors."""

from collections.abc import Sequence

from django.db import connections
from django.db.models import Expression, F, Func, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(queryset: QuerySet) -> Expression:
    """The number of rows of `queryset` as a subquery to annotate another query with; the
    queryset may refer to that query's rows with OuterRef. COUNT as a plain function, not an
    aggregate, so the subquery has no GROUP BY and always gives one row (0 when none match)."""
    counted = queryset.order_by().annotate(
        row_count=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Coalesce(Subquery(counted.values("row_count")), 0)


def union_of_slices(parts: Sequence[QuerySet]) -> list:
    """The rows of several sliced (LIMIT) querysets of one model: one UNION ALL statement where
    the database allows a LIMIT in each branch (PostgreSQL), else one query per part (SQLite).

    The order across parts is not guaranteed: annotate what the caller sorts by.
    """
    if not parts:
        return []
    connection = connections[parts[0].db]
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        return list(parts[0].union(*parts[1:], all=True))
    return [row for part in parts for row in part]
