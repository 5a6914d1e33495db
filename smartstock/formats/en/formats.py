# The same ISO dates in every language (smartstock/formats/__init__.py).
from smartstock.formats.iso import *  # noqa: F403
