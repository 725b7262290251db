"""The paginator of the list pages: a count and a page of rows, two queries whatever the data."""

from django.core.paginator import Page
from django.core.paginator import Paginator as DjangoPaginator


class Paginator(DjangoPaginator):
    """Django's paginator, except that an empty list still reads its (empty) page. Django skips
    that query when the count is 0 (a ``[0:0]`` slice is empty without asking the database), so
    a page with rows cost one query more than a page without: the pages then cost the same
    number of queries for no rows, a few and many (the benchmark compares a small and a large
    database by their counts)."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if self.count == 0:
            return Page(self.object_list[: self.per_page], number, self)
        return super().page(number)
