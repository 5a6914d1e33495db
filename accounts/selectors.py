"""Reads for accounts. Every query about members is scoped to one organization."""

from django.db.models import QuerySet

from .models import Invitation, Membership, Organization, User
from .roles import Role


def memberships_of_user(*, user: User) -> list[Membership]:
    """The user's active memberships, oldest first (one query)."""
    return list(
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization")
        .order_by("created_at", "id")
    )


def membership_choose(
    memberships: list[Membership], *, organization_id: int | None
) -> Membership | None:
    """The session's organization when the user belongs to it, else the first."""
    if organization_id:
        for membership in memberships:
            if membership.organization_id == organization_id:
                return membership
    return memberships[0] if memberships else None


def membership_of_user_get(*, user: User, organization_id: int) -> Membership:
    """The user's active membership there; raises Membership.DoesNotExist (→ 404)."""
    return Membership.objects.select_related("organization").get(
        user=user, organization_id=organization_id, is_active=True
    )


def member_list(*, organization: Organization) -> QuerySet[Membership]:
    """Every member of the organization, active ones first."""
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("-is_active", "role", "user__email")
    )


def member_get(*, organization: Organization, membership_id: int) -> Membership:
    """Raises Membership.DoesNotExist for another organization's member (→ 404)."""
    return Membership.objects.select_related("user").get(
        organization=organization, pk=membership_id
    )


def active_master_count(*, organization: Organization) -> int:
    """Active masters whose account is active too."""
    return Membership.objects.filter(
        organization=organization,
        role=Role.MASTER,
        is_active=True,
        user__is_active=True,
    ).count()


def invitation_list(*, organization: Organization) -> QuerySet[Invitation]:
    """Invitations neither accepted nor revoked (expired ones included)."""
    return (
        Invitation.objects.filter(
            organization=organization, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def invitation_get(*, organization: Organization, invitation_id: int) -> Invitation:
    """Raises Invitation.DoesNotExist for another organization's invitation (→ 404)."""
    return Invitation.objects.get(organization=organization, pk=invitation_id)


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation behind an emailed link, whatever its state, or None."""
    return (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(token=token)
        .first()
    )


def user_by_email(*, email: str) -> User | None:
    """The account registered with this address (case-insensitive), if any."""
    return User.objects.filter(email__iexact=email.strip()).first()


# allauth.mfa authenticator types that count as a second factor (recovery codes
# alone do not).
SECOND_FACTORS = ("totp", "webauthn")


def login_attempt_list(*, organization: Organization, limit: int = 200) -> list:
    """The latest sign-in attempts on the accounts of the organization's members."""
    from .models import LoginAttempt

    return list(
        LoginAttempt.objects.filter(
            user__memberships__organization=organization
        )
        .select_related("user")
        .order_by("-created_at", "-id")[:limit]
    )


def member_mfa_status(*, organization: Organization) -> list[tuple[Membership, bool]]:
    """Each active member with whether they have a second factor (2 queries)."""
    from allauth.mfa.models import Authenticator

    members = list(member_list(organization=organization).filter(is_active=True))
    with_mfa = set(
        Authenticator.objects.filter(
            user__in=[m.user_id for m in members], type__in=SECOND_FACTORS
        ).values_list("user_id", flat=True)
    )
    return [(member, member.user_id in with_mfa) for member in members]
