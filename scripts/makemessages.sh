#!/usr/bin/env bash
# Refresh the ko and en catalogues from the source strings, then compile them.
#
# Run from anywhere: it moves to the repo root first. Needs GNU gettext
# (xgettext, msgmerge, msgfmt: `apt-get install gettext`). After it, translate
# every new or fuzzy entry in locale/ko/LC_MESSAGES/django.po (tests/test_i18n.py
# fails until each one has a Korean msgstr), run it again to compile, and
# commit both the .po and .mo files so the app runs where gettext is absent.
set -euo pipefail

cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"

# Folders that hold no app strings (or other packages' strings) are skipped.
IGNORES=(
  --ignore='.venv/*'
  --ignore='staticfiles/*'
  --ignore='static/*'
  --ignore='tests/*'
  --ignore='bench/*'
  --ignore='var/*'
  --ignore='test-artifacts/*'
  --ignore='node_modules/*'
)

# --add-location=file: "#: path" without line numbers, so unrelated edits that
# shift lines do not churn the .po diffs. --no-obsolete drops removed strings.
"$PY" manage.py makemessages -l ko -l en --no-obsolete --add-location=file \
  "${IGNORES[@]}" -v 1

# No JavaScript in this project uses gettext, so there is no djangojs domain.

"$PY" manage.py compilemessages -l ko -l en --ignore='.venv/*' -v 1
