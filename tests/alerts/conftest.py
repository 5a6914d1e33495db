from tests.policy.conftest import (  # noqa: F401 -- shared replenishment fixtures
    _frozen_today,
    full_product,
    low_product,
    supplier,
)
