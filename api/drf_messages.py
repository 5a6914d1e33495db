"""DRF's own validation messages, named here so the project's catalogue can
word them for Korean sellers (the project's locale comes before DRF's, whose
Korean reads e.g. "Date의 포멧이 잘못되었습니다"). Never imported: makemessages
reads it."""

from django.utils.translation import gettext_noop

DRF_MESSAGES = (
    gettext_noop("Date has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("Datetime has wrong format. Use one of these formats instead: "
                 "{format}."),
    gettext_noop("Time has wrong format. Use one of these formats instead: {format}."),
    gettext_noop("This field may not be blank."),
    gettext_noop("This field may not be null."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop('"{input}" is not a valid choice.'),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("This list may not be empty."),
)
