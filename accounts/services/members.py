"""Writes for accounts: organizations, members, invitations, settings.

Every function is keyword-only, owns its transaction and raises Django's
ValidationError with a translated message when the change is refused.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from ..models import Invitation, Membership, Organization, User
from ..roles import Role

logger = logging.getLogger(__name__)

INVITATION_VALID_DAYS = 7
# No look-alike characters (0/O, 1/l/I): the master may read the password aloud.
_PASSWORD_CHARS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ONE_TIME_PASSWORD_LENGTH = 14


@dataclass(frozen=True)
class MemberCreated:
    """The result of `member_create_with_password`.

    `one_time_password` is None when an existing account was only added.
    """

    membership: Membership
    one_time_password: str | None


def _normalize_email(email: str) -> str:
    return email.strip().lower()


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."), code="invalid_role")


def _check_not_member(*, organization: Organization, email: str) -> None:
    membership = Membership.objects.filter(
        organization=organization, user__email__iexact=email
    ).first()
    if membership is None:
        return
    if membership.is_active:
        message = _("%(email)s is already a member of this organization.")
    else:
        message = _(
            "%(email)s is a deactivated member of this organization; "
            "reactivate them instead."
        )
    raise ValidationError(message, code="already_member", params={"email": email})


def _verified_email_add(*, user: User) -> None:
    """Record the address as verified: the person proved it or the master vouched."""
    EmailAddress.objects.update_or_create(
        user=user,
        email__iexact=user.email,
        defaults={"email": user.email, "verified": True, "primary": True},
    )


# --- Invitations -------------------------------------------------------------


def _open_invitations(
    *, organization: Organization, email: str
) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organization=organization,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )


def member_invite(
    *,
    organization: Organization,
    invited_by: User,
    email: str,
    role: str,
    accept_url: Callable[[str], str],
) -> Invitation:
    """Create an invitation valid for 7 days and email its link after commit.

    `accept_url(token)` returns the absolute link (built from the request by
    the view). An earlier open invitation for the same address is revoked.
    """
    email = _normalize_email(email)
    validate_email(email)
    _check_role(role)
    now = timezone.now()
    with transaction.atomic():
        _check_not_member(organization=organization, email=email)
        _open_invitations(organization=organization, email=email).update(revoked_at=now)
        invitation = Invitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            invited_by=invited_by,
            expires_at=now + dt.timedelta(days=INVITATION_VALID_DAYS),
        )
        link = accept_url(invitation.token)
        # robust: a mail server failure is logged; the link stays on the page.
        transaction.on_commit(
            lambda: _invitation_email_send(invitation=invitation, link=link),
            robust=True,
        )
    return invitation


def _invitation_email_send(*, invitation: Invitation, link: str) -> None:
    context = {
        "invitation": invitation,
        "organization_name": invitation.organization.name,
        "inviter": invitation.invited_by,
        "role": invitation.get_role_display(),
        "link": link,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context)
    body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def invitation_revoke(*, organization: Organization, invitation_id: int) -> Invitation:
    """Revoke an open invitation; its link stops working at once."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(
            organization=organization, pk=invitation_id
        )
        if invitation.accepted_at is not None:
            raise ValidationError(
                _("This invitation was already accepted."), code="accepted"
            )
        if invitation.revoked_at is None:
            invitation.revoked_at = timezone.now()
            invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_check(*, invitation: Invitation) -> None:
    """Raise a clear ValidationError when the invitation cannot be used."""
    if invitation.revoked_at is not None:
        raise ValidationError(
            _("This invitation was revoked. Ask for a new one."), code="revoked"
        )
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation was already used."), code="used")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(
            _("This invitation has expired. Ask for a new one."), code="expired"
        )


def _invitation_lock(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check(invitation=locked)
    return locked


def _invitation_join(*, invitation: Invitation, user: User) -> Membership:
    _check_not_member(organization=invitation.organization, email=user.email)
    membership = Membership.objects.create(
        organization=invitation.organization, user=user, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the invitation's organization as `user`, who must own the address."""
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s."),
            code="wrong_user",
            params={"email": invitation.email},
        )
    with transaction.atomic():
        invitation = _invitation_lock(invitation)
        return _invitation_join(invitation=invitation, user=user)


def invitation_signup(*, invitation: Invitation, name: str, password: str) -> User:
    """Create the invited person's account (address verified) and join."""
    with transaction.atomic():
        invitation = _invitation_lock(invitation)
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(
                _("An account with this email already exists. Log in first."),
                code="account_exists",
            )
        user = User.objects.create_user(
            invitation.email, password=password, name=name.strip()
        )
        _verified_email_add(user=user)
        _invitation_join(invitation=invitation, user=user)
    return user


# --- Members -----------------------------------------------------------------


def member_create_with_password(
    *, organization: Organization, email: str, name: str, role: str
) -> MemberCreated:
    """Create an account with a one-time password, or add an existing account.

    A new account must change its password at first login.
    """
    email = _normalize_email(email)
    validate_email(email)
    _check_role(role)
    with transaction.atomic():
        _check_not_member(organization=organization, email=email)
        user = User.objects.filter(email__iexact=email).first()
        password = None
        if user is None:
            password = get_random_string(ONE_TIME_PASSWORD_LENGTH, _PASSWORD_CHARS)
            user = User.objects.create_user(
                email, password=password, name=name.strip(), must_change_password=True
            )
            _verified_email_add(user=user)
        membership = Membership.objects.create(
            organization=organization, user=user, role=role
        )
        # An invitation still open for the address would now only fail.
        _open_invitations(organization=organization, email=email).update(
            revoked_at=timezone.now()
        )
    return MemberCreated(membership=membership, one_time_password=password)


def _lock_masters_and_get(
    *, organization: Organization, membership_id: int
) -> tuple[Membership, int]:
    """Lock the organization's active master rows, then the target row.

    Returns the target and the number of active masters with an active user.
    The lock order (masters first, by id) is the same for every caller, so two
    concurrent demotions queue instead of both seeing two masters.
    """
    master_user_ids = list(
        Membership.objects.select_for_update()
        .filter(organization=organization, role=Role.MASTER, is_active=True)
        .order_by("id")
        .values_list("user_id", flat=True)
    )
    target = (
        Membership.objects.select_for_update()
        .select_related("user")
        .get(organization=organization, pk=membership_id)
    )
    active_masters = User.objects.filter(pk__in=master_user_ids, is_active=True).count()
    return target, active_masters


def _is_last_master(target: Membership, active_masters: int) -> bool:
    return (
        target.is_active
        and target.role == Role.MASTER
        and target.user.is_active
        and active_masters <= 1
    )


def member_role_change(
    *, organization: Organization, membership_id: int, role: str
) -> Membership:
    """Change a member's role; the last active master keeps the master role."""
    _check_role(role)
    with transaction.atomic():
        target, active_masters = _lock_masters_and_get(
            organization=organization, membership_id=membership_id
        )
        if role != Role.MASTER and _is_last_master(target, active_masters):
            raise ValidationError(
                _(
                    "%(email)s is the last master of this organization. Make "
                    "another member master first."
                ),
                code="last_master",
                params={"email": target.user.email},
            )
        if target.role != role:
            target.role = role
            target.save(update_fields=["role"])
    return target


def member_deactivate(*, organization: Organization, membership_id: int) -> Membership:
    """Deactivate a member; the last active master cannot be deactivated."""
    with transaction.atomic():
        target, active_masters = _lock_masters_and_get(
            organization=organization, membership_id=membership_id
        )
        if _is_last_master(target, active_masters):
            raise ValidationError(
                _(
                    "%(email)s is the last master of this organization and cannot "
                    "be deactivated. Make another member master first."
                ),
                code="last_master",
                params={"email": target.user.email},
            )
        if target.is_active:
            target.is_active = False
            target.save(update_fields=["is_active"])
    return target


def member_reactivate(*, organization: Organization, membership_id: int) -> Membership:
    """Give a deactivated member access again, with their previous role."""
    with transaction.atomic():
        target = Membership.objects.select_for_update().get(
            organization=organization, pk=membership_id
        )
        if not target.is_active:
            target.is_active = True
            target.save(update_fields=["is_active"])
    return target


def user_password_changed(*, user: User) -> None:
    """The person chose their own password: the one-time password is spent."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


# --- Organization settings ---------------------------------------------------
