"""Writes for accounts: organizations, members, invitations."""
from .members import (
    _PASSWORD_CHARS,
    INVITATION_VALID_DAYS,
    ONE_TIME_PASSWORD_LENGTH,
    MemberCreated,
    invitation_accept,
    invitation_check,
    invitation_revoke,
    invitation_signup,
    member_create_with_password,
    member_deactivate,
    member_invite,
    member_reactivate,
    member_role_change,
    user_password_changed,
)
from .organizations import (
    organization_create,
    organization_settings_update,
    purchasing_emails_parse,
)

__all__ = [
    "INVITATION_VALID_DAYS",
    "MemberCreated",
    "ONE_TIME_PASSWORD_LENGTH",
    "_PASSWORD_CHARS",
    "invitation_accept",
    "invitation_check",
    "invitation_revoke",
    "invitation_signup",
    "member_create_with_password",
    "member_deactivate",
    "member_invite",
    "member_reactivate",
    "member_role_change",
    "organization_create",
    "organization_settings_update",
    "purchasing_emails_parse",
    "user_password_changed",
]
