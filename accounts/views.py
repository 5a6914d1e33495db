"""Member management, invitations, the organization switcher and settings.

Views parse a form, call one service or selector, then render or redirect.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .access import member_required
from .forms import (
    InvitationSignupForm,
    MemberCreateForm,
    MemberInviteForm,
    MemberRoleForm,
    OrganizationSettingsForm,
)
from .middleware import SESSION_KEY
from .models import Invitation, Membership
from .roles import Perm, Role

MEMBERS = Perm.MEMBERS_MANAGE
# Invitation sign-up logs the new user in without a password round trip.
_LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _accept_url(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(
        reverse("accounts:invitation_accept", args=[token])
    )


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _member_or_404(request: HttpRequest, membership_id: int) -> Membership:
    try:
        return selectors.member_get(
            organization=request.organization, membership_id=membership_id
        )
    except Membership.DoesNotExist as missing:
        raise Http404 from missing


def _member_list_render(
    request: HttpRequest,
    *,
    invite_form: MemberInviteForm | None = None,
    create_form: MemberCreateForm | None = None,
) -> HttpResponse:
    organization = request.organization
    invitations = [
        (invitation, _accept_url(request, invitation.token))
        for invitation in selectors.invitation_list(organization=organization)
    ]
    context = {
        "members": selectors.member_list(organization=organization),
        "invitations": invitations,
        "invite_form": invite_form or MemberInviteForm(),
        "create_form": create_form or MemberCreateForm(),
        "role_choices": Role.choices,
    }
    return render(request, "accounts/member_list.html", context)


@member_required(read=MEMBERS)
def member_list(request: HttpRequest) -> HttpResponse:
    """Members and open invitations of the current organization."""
    return _member_list_render(request)


@member_required(read=MEMBERS, write=MEMBERS)
@require_POST
def member_invite(request: HttpRequest) -> HttpResponse:
    """Invite a person by email; the link is emailed and shown on the page."""
    form = MemberInviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.member_invite(
                organization=request.organization,
                invited_by=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                accept_url=lambda token: _accept_url(request, token),
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:member_list")
    return _member_list_render(request, invite_form=form)


@member_required(read=MEMBERS, write=MEMBERS)
@require_POST
@never_cache
def member_create(request: HttpRequest) -> HttpResponse:
    """Create an account; its one-time password is shown on this response only."""
    form = MemberCreateForm(request.POST)
    if not form.is_valid():
        return _member_list_render(request, create_form=form)
    try:
        created = services.member_create_with_password(
            organization=request.organization, **form.cleaned_data
        )
    except ValidationError as error:
        form.add_error("email", error)
        return _member_list_render(request, create_form=form)
    email = created.membership.user.email
    if created.one_time_password is None:
        messages.info(
            request,
            _(
                "%(email)s already had an account; it was added to this organization "
                "and keeps its own password."
            )
            % {"email": email},
        )
        return redirect("accounts:member_list")
    # Rendered, not stored: the password exists only in this response.
    return render(
        request,
        "accounts/member_created.html",
        {"created": created.membership, "password": created.one_time_password},
    )


@member_required(read=MEMBERS, write=MEMBERS)
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a member's role."""
    membership = _member_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("accounts:member_list")
    try:
        membership = services.member_role_change(
            organization=request.organization,
            membership_id=membership.pk,
            role=form.cleaned_data["role"],
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("%(email)s is now %(role)s.")
            % {"email": membership.user.email, "role": membership.get_role_display()},
        )
    return redirect("accounts:member_list")


@member_required(read=MEMBERS, write=MEMBERS)
def member_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a member's access while keeping their history."""
    membership = _member_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.member_deactivate(
            organization=request.organization, membership_id=membership.pk
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("%(email)s was deactivated.") % {"email": membership.user.email},
        )
    return redirect("accounts:member_list")


@member_required(read=MEMBERS, write=MEMBERS)
def member_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a deactivated member access again."""
    membership = _member_or_404(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.member_reactivate(
        organization=request.organization, membership_id=membership.pk
    )
    messages.success(
        request, _("%(email)s was reactivated.") % {"email": membership.user.email}
    )
    return redirect("accounts:member_list")


@member_required(read=MEMBERS, write=MEMBERS)
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke an open invitation."""
    try:
        invitation = selectors.invitation_get(
            organization=request.organization, invitation_id=pk
        )
    except Invitation.DoesNotExist as missing:
        raise Http404 from missing
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.invitation_revoke(
            organization=request.organization, invitation_id=invitation.pk
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("The invitation for %(email)s was revoked.")
            % {"email": invitation.email},
        )
    return redirect("accounts:member_list")


@member_required(read=Perm.VIEW)
def organization_switch(request: HttpRequest) -> HttpResponse:
    """Make another of the user's organizations the current one (GET link)."""
    if "organization" not in request.GET:
        return redirect("dashboard")
    try:
        organization_id = int(request.GET.get("organization", ""))
        membership = selectors.membership_of_user_get(
            user=request.user, organization_id=organization_id
        )
    except (ValueError, Membership.DoesNotExist) as missing:
        raise Http404 from missing
    request.session[SESSION_KEY] = membership.organization_id
    return redirect("dashboard")


@member_required(read=Perm.SETTINGS_MANAGE, write=Perm.SETTINGS_MANAGE)
def organization_settings(request: HttpRequest) -> HttpResponse:
    """The organization's name, negative stock rule and purchasing contacts."""
    organization = request.organization
    if request.method == "POST":
        form = OrganizationSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.organization_settings_update(
                    organization=organization, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Settings saved."))
                return redirect("accounts:organization_settings")
    else:
        form = OrganizationSettingsForm(
            initial={
                "name": organization.name,
                "allow_negative_stock": organization.allow_negative_stock,
                "purchasing_emails": organization.purchasing_emails,
            }
        )
    return render(request, "accounts/organization_settings.html", {"form": form})


# --- Invitation acceptance (public: the invitee may have no account) -----------


def _invitation_page(
    request: HttpRequest, invitation: Invitation | None, state: str, **extra
) -> HttpResponse:
    status = {"invalid": 404, "unusable": 410, "wrong_user": 403}.get(state, 200)
    context = {"invitation": invitation, "state": state, **extra}
    return render(request, "accounts/invitation_accept.html", context, status=status)


def _joined(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    request.session[SESSION_KEY] = invitation.organization_id
    messages.success(
        request,
        _("Welcome to %(organization)s.")
        % {"organization": invitation.organization.name},
    )
    return redirect("dashboard")


def _accept_as_user(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    if request.user.email.lower() != invitation.email.lower():
        return _invitation_page(request, invitation, "wrong_user")
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            return _invitation_page(
                request, invitation, "unusable", error=_error_text(error)
            )
        return _joined(request, invitation)
    return _invitation_page(request, invitation, "join")


def _accept_with_signup(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = InvitationSignupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_signup(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=_LOGIN_BACKEND)
            return _joined(request, invitation)
    return _invitation_page(request, invitation, "signup", form=form)


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Join an organization through an emailed invitation link."""
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        return _invitation_page(request, None, "invalid")
    try:
        services.invitation_check(invitation=invitation)
    except ValidationError as error:
        return _invitation_page(
            request, invitation, "unusable", error=_error_text(error)
        )
    if request.user.is_authenticated:
        return _accept_as_user(request, invitation)
    if selectors.user_by_email(email=invitation.email) is not None:
        login_url = reverse("account_login") + "?" + urlencode({"next": request.path})
        return _invitation_page(request, invitation, "login", login_url=login_url)
    return _accept_with_signup(request, invitation)


# Public on purpose: the token is the credential. The access-matrix test reads this.
accept_invitation.access = {"public": True}  # type: ignore[attr-defined]


@member_required(read=MEMBERS, write=MEMBERS)
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_security(request: HttpRequest) -> HttpResponse:
    """Two-factor requirement, members' two-factor status and the sign-in record."""
    organization = request.organization
    if request.method == "POST":
        try:
            services.organization_require_mfa_set(
                organization=organization,
                required=request.POST.get("require_mfa") == "on",
                user=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Settings saved."))
        return redirect("accounts:sign_in_security")
    context = {
        "members_mfa": selectors.member_mfa_status(organization=organization),
        "attempts": selectors.login_attempt_list(organization=organization),
    }
    return render(request, "accounts/sign_in_security.html", context)
