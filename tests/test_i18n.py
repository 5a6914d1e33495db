"""The ko/en catalogues are complete, compiled, used, and cover every source string.

The .po files are parsed with a tiny reader below (polib is not a dependency).
When a test here fails after adding a string, run `scripts/makemessages.sh`,
translate the new entries in locale/ko/LC_MESSAGES/django.po, and run it again
to compile.
"""

from __future__ import annotations

import ast
import gettext as gettext_module
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
KO_PO = LOCALE / "ko" / "LC_MESSAGES" / "django.po"
KO_MO = LOCALE / "ko" / "LC_MESSAGES" / "django.mo"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"

# Python packages whose strings belong in the catalogue (scripts/makemessages.sh
# skips tests, bench and the virtualenv).
SOURCE_PACKAGES = ("accounts", "alerts", "api", "forecasting", "inventory", "policy",
                   "smartstock", "dashboard", "copilot", "channel_sync")
# The gettext functions and which argument holds the context (None: no context).
GETTEXT_CALLS: dict[str, int | None] = {
    "_": None, "gettext": None, "gettext_lazy": None, "gettext_noop": None,
    "ngettext": None, "ngettext_lazy": None,
    "pgettext": 0, "pgettext_lazy": 0, "npgettext": 0, "npgettext_lazy": 0,
}

# %(name)s / %(seconds).1f / %s / %d, {name} and HTML tags must survive translation.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifr]"
    r"|\{\w*\}"
    r"|</?[a-zA-Z][^>]*>"
)
TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+"""
    r"""(?P<q>["'])(?P<msgid>(?:(?!(?P=q)).)*)(?P=q)"""
    r"""(?:[^%]*?\scontext\s+(?P<cq>["'])(?P<ctxt>(?:(?!(?P=cq)).)*)(?P=cq))?""",
    re.DOTALL,
)
LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$')


@dataclass
class Entry:
    """One catalogue entry: flags, context, id, plural id and translations."""

    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str | None, str]:
        """The (context, id) pair that identifies the entry."""
        return (self.msgctxt, self.msgid)


def _unquote(literal: str) -> str:
    """Decode one C-style quoted .po string."""
    return ast.literal_eval(literal)


def parse_po(path: Path) -> list[Entry]:
    """Read a .po file into entries (the header, msgid "", comes first)."""
    entries: list[Entry] = []
    current = Entry()
    last: tuple[str, int] = ("", 0)
    started = False
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if (not line or line.startswith("#")) and started:
            entries.append(current)
            current, started = Entry(), False
        if line.startswith("#,"):
            current.flags |= {f.strip() for f in line[2:].split(",")}
        if not line or line.startswith("#"):
            continue
        match = LINE.match(line)
        if match:
            keyword, text = match.group(1), _unquote(match.group(2))
            last = _store(current, keyword, text)
            started = True
        else:  # a continuation line of the last keyword
            _append(current, last, _unquote(line))
    return entries


def _store(entry: Entry, keyword: str, text: str) -> tuple[str, int]:
    """Set the field named by a .po keyword; return it for continuation lines."""
    if keyword.startswith("msgstr"):
        index = int(keyword[7:-1]) if "[" in keyword else 0
        entry.msgstr[index] = text
        return ("msgstr", index)
    setattr(entry, keyword, text)
    return (keyword, 0)


def _append(entry: Entry, last: tuple[str, int], text: str) -> None:
    """Append a continuation line to the field last set."""
    name, index = last
    if name == "msgstr":
        entry.msgstr[index] += text
    else:
        setattr(entry, name, getattr(entry, name) + text)


def placeholders(text: str) -> set[str]:
    """Format placeholders and HTML tags in a string (%% is a literal)."""
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def header_fields(entries: list[Entry]) -> dict[str, str]:
    """The header entry's "Name: value" lines as a dict."""
    header = entries[0]
    assert header.msgid == "", "the first entry of a .po file is its header"
    pairs = (line.partition(": ") for line in header.msgstr[0].splitlines())
    return {name: value for name, _, value in pairs}


@pytest.fixture(scope="module")
def ko_entries() -> list[Entry]:
    return parse_po(KO_PO)


@pytest.fixture(scope="module")
def ko_keys(ko_entries: list[Entry]) -> set[tuple[str | None, str]]:
    return {entry.key for entry in ko_entries[1:]}


# --- (a) the Korean catalogue is complete and well-formed ---------------------


def test_po_reader_handles_context_plurals_and_continuations(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n\n'
        '#, fuzzy, python-format\nmsgctxt "menu"\nmsgid ""\n"Open %(n)s "\n'
        '"now"\nmsgid_plural "Open many"\nmsgstr[0] "열기"\n',
        encoding="utf-8",
    )
    header, entry = parse_po(po)
    assert header_fields([header])["Language"] == "ko"
    assert entry.key == ("menu", "Open %(n)s now")
    assert entry.msgid_plural == "Open many"
    assert entry.msgstr == {0: "열기"}
    assert {"fuzzy", "python-format"} <= entry.flags


def test_korean_header_declares_language_charset_and_single_plural_form(
    ko_entries: list[Entry],
) -> None:
    fields = header_fields(ko_entries)
    assert fields["Language"] == "ko"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "fuzzy" not in ko_entries[0].flags


def test_korean_catalogue_has_many_entries(ko_entries: list[Entry]) -> None:
    # Guards the tests below against passing on an empty or unparsed file.
    assert len(ko_entries) > 300


def test_every_korean_entry_is_translated_and_not_fuzzy(
    ko_entries: list[Entry],
) -> None:
    problems = [
        entry.msgid
        for entry in ko_entries[1:]
        if "fuzzy" in entry.flags
        or not entry.msgstr
        or not all(text.strip() for text in entry.msgstr.values())
    ]
    assert problems == [], f"untranslated or fuzzy in {KO_PO}: {problems}"


def test_korean_plural_entries_have_exactly_one_form(ko_entries: list[Entry]) -> None:
    plurals = [entry for entry in ko_entries[1:] if entry.msgid_plural is not None]
    assert all(set(entry.msgstr) == {0} for entry in plurals)


def test_korean_translations_keep_every_placeholder_and_tag(
    ko_entries: list[Entry],
) -> None:
    problems = []
    for entry in ko_entries[1:]:
        expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for text in entry.msgstr.values():
            if placeholders(text) != expected:
                problems.append((entry.msgid, text))
    assert problems == []


def test_placeholder_pattern_sees_named_positional_and_html_forms() -> None:
    found = placeholders("%(a)s %(b).1f %d {c} <strong>x</strong> 100%%")
    assert found == {"%(a)s", "%(b).1f", "%d", "{c}", "<strong>", "</strong>"}


def test_english_catalogue_exists_with_an_english_header() -> None:
    entries = parse_po(EN_PO)
    fields = header_fields(entries)
    assert fields["Language"] == "en"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert EN_MO.is_file()


# --- (b) the committed .mo files match the .po files --------------------------


def _mo_key(entry: Entry) -> str | tuple[str, int]:
    """The key GNUTranslations uses for an entry's first translation."""
    msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    return msgid if entry.msgid_plural is None else (msgid, 0)


def test_compiled_korean_catalogue_matches_the_po(ko_entries: list[Entry]) -> None:
    with KO_MO.open("rb") as handle:
        compiled = gettext_module.GNUTranslations(handle)
    catalog = compiled._catalog  # no public way to list entries
    stale = [
        entry.msgid
        for entry in ko_entries[1:]
        if catalog.get(_mo_key(entry)) != entry.msgstr[0]
    ]
    assert stale == [], "locale/ko .mo is stale: run scripts/makemessages.sh"


def test_compiled_english_catalogue_loads() -> None:
    with EN_MO.open("rb") as handle:
        compiled = gettext_module.GNUTranslations(handle)
    assert compiled.info()["language"] == "en"


# --- (c) the running app uses the catalogues ---------------------------------


def test_gettext_uses_the_project_korean_catalogue() -> None:
    with translation.override("ko"):
        assert translation.gettext("Products") == "상품"
        assert translation.gettext("Stock movements") == "입출고 내역"
    with translation.override("en"):
        assert translation.gettext("Products") == "Products"


def test_page_is_korean_by_default_and_for_korean_browsers(
    client_for, organization, settings
) -> None:
    from smartstock.settings import base

    assert base.LANGUAGE_CODE == "ko"
    settings.LANGUAGE_CODE = base.LANGUAGE_CODE  # tests default to English
    client = client_for(organization)
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "ko-KR,ko;q=0.9"}):
        html = client.get("/", **headers).content.decode()
        assert 'lang="ko"' in html
        assert ">상품</a>" in html
        assert ">입출고 내역</a>" in html
        assert "Stock movements" not in html


def test_page_is_english_for_english_browsers_and_the_language_cookie(
    client_for, organization
) -> None:
    client = client_for(organization)
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="en"' in html
    assert ">Products</a>" in html
    assert "입출고 내역" not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert ">Stock movements</a>" in html


# --- (d) every source string is in the catalogue -----------------------------


def template_strings() -> list[tuple[str, tuple[str | None, str]]]:
    """(file, (context, msgid)) for each {% translate "literal" %} in templates."""
    found = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        for match in TRANSLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            key = (match.group("ctxt"), match.group("msgid"))
            found.append((str(path.relative_to(ROOT)), key))
    return found


def python_strings() -> list[tuple[str, tuple[str | None, str]]]:
    """(file, (context, msgid)) for each gettext call with literal arguments."""
    found = []
    for package in SOURCE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found.extend(
                (str(path.relative_to(ROOT)), key) for key in _gettext_keys(tree)
            )
    return found


def _gettext_keys(tree: ast.AST) -> list[tuple[str | None, str]]:
    """The (context, msgid) of gettext calls whose arguments are literals."""
    keys = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name not in GETTEXT_CALLS:
            continue
        context_at = GETTEXT_CALLS[name]
        first = 0 if context_at is None else 1
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        if len(args) <= first or not isinstance(args[first], str):
            continue
        context = None if context_at is None else args[context_at]
        keys.append((context, args[first]))
    return keys


def test_template_scanner_finds_quoted_literals_and_context() -> None:
    text = """{% translate "Save" %}{% trans 'Menu' as m %}"""
    text += """{% translate "May" context "month" %}{% translate var %}"""
    keys = [(m.group("ctxt"), m.group("msgid")) for m in TRANSLATE_TAG.finditer(text)]
    assert keys == [(None, "Save"), (None, "Menu"), ("month", "May")]


def test_python_scanner_finds_gettext_calls_with_literals() -> None:
    tree = ast.parse(
        "_('a' 'b'); gettext_lazy('c'); translation.gettext('d')\n"
        "pgettext('month', 'May'); _(variable); ngettext('one', 'many', n)"
    )
    assert _gettext_keys(tree) == [
        (None, "ab"), (None, "c"), (None, "d"), ("month", "May"), (None, "one")
    ]


def test_every_template_translate_string_is_in_the_catalogue(
    ko_keys: set[tuple[str | None, str]],
) -> None:
    found = template_strings()
    assert len(found) > 100  # the scanner really reads the templates
    missing = sorted({f"{path}: {key[1]!r}" for path, key in found if key not in ko_keys})
    assert missing == [], "run scripts/makemessages.sh and translate:\n" + "\n".join(
        missing
    )


def test_every_python_gettext_string_is_in_the_catalogue(
    ko_keys: set[tuple[str | None, str]],
) -> None:
    found = python_strings()
    assert len(found) > 100  # the scanner really reads the sources
    missing = sorted({f"{path}: {key[1]!r}" for path, key in found if key not in ko_keys})
    assert missing == [], "run scripts/makemessages.sh and translate:\n" + "\n".join(
        missing
    )


def test_one_date_format_in_both_languages():
    """Dates Django formats by locale read like the rest of the app (ISO)."""
    import datetime as dt

    from django.utils import formats, translation

    day = dt.date(2026, 12, 4)
    moment = dt.datetime(2026, 12, 4, 9, 5)
    for language in ("ko", "en"):
        with translation.override(language):
            assert formats.date_format(day) == "2026-12-04"
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == "2026-12-04"
            assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == \
                "2026-12-04 09:05"
            assert formats.localize(day) == "2026-12-04"
