"""The engine's method text, said in the reader's language.

The engine (pure Python, no translations) writes how a forecast was made in a
small fixed English grammar: ``Combination.describe`` and the pipeline's cold
start and untested-product notes. The pages read that text back here and say
it with gettext, naming models by their labels in the model catalogue. Text
this does not recognise (a model's own error note, say) is shown as written.
tests/forecasting/test_method_text.py holds this to the engine's grammar.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from .model_catalog import BY_NAME


def model_label(name: str) -> str:
    """A model's catalogue label ("Theta"), or its name when it has none."""
    if name == "ensemble":
        return _("Combined forecast")
    info = BY_NAME.get(name)
    return str(info.label) if info else name


def _labels(names: str) -> str:
    return ", ".join(model_label(n.strip()) for n in names.split(",") if n.strip())


def _blend(m: re.Match) -> str:
    return _(
        "%(weight)s %% %(model)s + %(rest)s %% median of the statistical models "
        "(%(models)s)"
    ) % {
        "weight": m["weight"], "model": model_label(m["model"]),
        "rest": m["rest"], "models": _labels(m["models"]),
    }


def _top(m: re.Match) -> str:
    params = {"n": m["n"], "models": _labels(m["models"])}
    if m["combiner"] == "mean":
        if m["pooled"]:
            return _("mean of the top %(n)s models across products (%(models)s)") % params
        return _("mean of the product's top %(n)s models (%(models)s)") % params
    if m["pooled"]:
        return _("median of the top %(n)s models across products (%(models)s)") % params
    return _("median of the product's top %(n)s models (%(models)s)") % params


def _best(m: re.Match) -> str:
    params = {"model": model_label(m["model"])}
    if m["pooled"]:
        return _("best single model across products (%(model)s)") % params
    return _("the product's best single model (%(model)s)") % params


_GRAMMAR: tuple[tuple[re.Pattern, Callable[[re.Match], str]], ...] = (
    (re.compile(r"global model alone \((?P<model>\w+)\)"),
     lambda m: _("%(model)s alone") % {"model": model_label(m["model"])}),
    (re.compile(r"median of the statistical models \((?P<models>[\w, ]*)\)"),
     lambda m: _("median of the statistical models (%(models)s)")
     % {"models": _labels(m["models"])}),
    (re.compile(r"(?P<weight>\d+) % (?P<model>\w+) \+ (?P<rest>\d+) % median of the "
                r"statistical models \((?P<models>[\w, ]*)\)"), _blend),
    (re.compile(r"best single model(?P<pooled> across products)? \((?P<model>\w+)\)"),
     _best),
    (re.compile(r"(?P<combiner>median|mean) of top-(?P<n>\d+)(?P<pooled> across "
                r"products)? \((?P<models>[\w, ]*)\)"), _top),
    (re.compile(r"median of (?P<models>[\w, ]*) \(not backtested\)"),
     lambda m: _("median of %(models)s (too little history to compare models)")
     % {"models": _labels(m["models"])}),
    (re.compile(r"too little history for a backtest \((?P<days>\d+) known days\); "
                r"median of simple models"),
     lambda m: _("too little history to compare models (%(days)s known days): "
                 "median of simple models") % {"days": m["days"]}),
    (re.compile(r"only (?P<days>\d+) known days \(< (?P<needed>\d+)\)"),
     lambda m: _("only %(days)s known days (fewer than %(needed)s)")
     % {"days": m["days"], "needed": m["needed"]}),
    (re.compile(r"no sales in (?P<days>\d+) days in stock"),
     lambda m: _("no sales in %(days)s days in stock") % {"days": m["days"]}),
    (re.compile(r"cold start: category average"),
     lambda m: _("cold start: category average")),
    (re.compile(r"cold start: (expected daily demand entered for the product"
                r"|caller's expected demand)"),
     lambda m: _("cold start: your expected daily demand")),
    (re.compile(r"cold start: mean of the short history"),
     lambda m: _("cold start: mean of the short history")),
)


def method_text(text: str) -> str:
    """``text`` in the active language when it is one of the engine's phrases."""
    text = (text or "").strip()
    for pattern, say in _GRAMMAR:
        match = pattern.fullmatch(text)
        if match:
            return say(match)
    return text
