"""Page-number pagination: `?page=2&page_size=100` (at most 500 rows a page)."""

from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response_schema(self, schema):
        """DRF's schema with OpenAPI 3.1 null types (it writes 3.0 `nullable`)."""
        described = super().get_paginated_response_schema(schema)
        for name in ("next", "previous"):
            field = described["properties"][name]
            field.pop("nullable", None)
            field["type"] = ["string", "null"]
        return described
