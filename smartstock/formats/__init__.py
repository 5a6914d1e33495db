"""Date formats of the app (settings.FORMAT_MODULE_PATH).

One date format for each language everywhere, the same in both: ISO dates
(2026-12-04) as the templates write them explicitly, so a date Django formats
by locale (an unfiltered date, "SHORT_DATE_FORMAT", emails) reads the same as
the rest of the page and as the .xlsx files. Number separators stay Django's.
"""
