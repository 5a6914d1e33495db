"""Admin for organizations, users, memberships and invitations.

Who may enter the admin at all is decided in smartstock/admin.py (installed on
the default site here). A non-superuser master sees only their own organization
(editing its name and settings) and, read-only, its users, memberships and
invitations: member changes go through the members screens, whose services
enforce rules such as "the last master cannot be removed".
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.roles import Perm
from smartstock.admin import OrganizationScopedAdmin, admin_access_install, is_superuser

from .models import Invitation, Membership, Organization, User

admin_access_install(admin.site)


@admin.register(Organization)
class OrganizationAdmin(OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.MEMBERS_MANAGE
    manage_perm = Perm.MEMBERS_MANAGE
    organization_lookup = "pk"
    assigns_organization = False
    fields = (
        "name",
        "allow_negative_stock",
        "purchasing_emails",
        "is_demo",
        "created_at",
    )
    readonly_fields = ("is_demo", "created_at")
    list_display = ("name", "allow_negative_stock", "is_demo", "created_at")
    search_fields = ("name",)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_superuser(request)


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email", "name")

    def clean_email(self) -> str:
        # The manager stores emails lower-cased; keep the admin consistent.
        return self.cleaned_data["email"].strip().lower()


class EmailUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(OrganizationScopedAdmin, DjangoUserAdmin):
    """Users log in with their email; there is no username."""

    view_perm = Perm.MEMBERS_MANAGE
    manage_perm = None  # members read-only; accounts change through the app
    organization_lookup = "memberships__organization"
    assigns_organization = False
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name",)}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "must_change_password",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    member_fieldsets = (
        (None, {"fields": ("email", "name", "is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("email", "name", "is_active", "is_staff", "is_superuser")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email", "name")
    ordering = ("email",)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        if obj is not None and not is_superuser(request):
            return self.member_fieldsets
        return super().get_fieldsets(request, obj)


@admin.register(Membership)
class MembershipAdmin(OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.MEMBERS_MANAGE
    manage_perm = None  # role changes go through accounts.services
    assigns_organization = False
    list_display = ("user", "organization", "role", "is_active", "created_at")
    list_filter = ("role", "is_active")
    list_select_related = ("user", "organization")
    search_fields = ("user__email", "user__name")


@admin.register(Invitation)
class InvitationAdmin(OrganizationScopedAdmin, admin.ModelAdmin):
    view_perm = Perm.MEMBERS_MANAGE
    manage_perm = None  # invitations are sent and revoked from the members screen
    assigns_organization = False
    # The token is the invitation's secret: never shown.
    exclude = ("token",)
    list_display = (
        "email",
        "organization",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    )
    list_filter = ("role",)
    list_select_related = ("organization", "invited_by")
    search_fields = ("email",)
