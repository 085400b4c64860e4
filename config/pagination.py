"""The project's paginator: Django's, which counts a first page with room to spare from its rows.

A filtered list usually fits on one page. Django's Paginator would run a COUNT and then read the
rows, where reading the rows tells both. The first page is read first: when it is not full, its
rows are all there is and no COUNT runs; when it is full, the COUNT runs as before (when the page
shows the total). Other pages are counted and read as Django does.
"""

from django.core import paginator


class Paginator(paginator.Paginator):
    def get_page(self, number) -> paginator.Page:
        first = number in (None, "", 1, "1")
        if not first or self.orphans or not self.allow_empty_first_page:
            return super().get_page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.count = len(rows)  # sets the cached property: nothing more to count
        return self._get_page(rows, 1, self)
