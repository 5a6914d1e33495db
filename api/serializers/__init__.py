"""Request and response shapes of the API (no business logic: services decide)."""
