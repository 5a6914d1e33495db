"""Shared admin machinery: who may enter, and scoping every admin to one organization.

The admin follows the same role map as the views (accounts/roles.py):

- a superuser sees and edits everything;
- an active master or manager of the current organization (`request.membership`,
  set by OrganizationMiddleware) may enter; each ModelAdmin then names the
  permission needed to read (`view_perm`) and to write (`manage_perm`);
- everybody else, staff and viewers included, is refused.

Django's own per-model permissions (`user.has_perm`) are not used: the role map
is the only source of truth.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from accounts.models import Organization, User
from accounts.roles import Perm, role_has_perm

# The admin import reads the whole file into memory (PITFALLS.md, Uploads).
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# The organization whose rows an admin form may point to (set by get_form).
_TARGET_ATTR = "_admin_target_organization"


def is_superuser(request: HttpRequest) -> bool:
    """True for an active superuser."""
    user = request.user
    return bool(user.is_active and user.is_superuser)


def role_grants(request: HttpRequest, perm: str | None) -> bool:
    """True when the request's active membership grants `perm`."""
    membership = getattr(request, "membership", None)
    return (
        perm is not None
        and membership is not None
        and role_has_perm(membership.role, perm)
    )


def has_admin_access(request: HttpRequest) -> bool:
    """Admin entry: a superuser, or a master/manager of the current organization."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        return False
    return is_superuser(request) or role_grants(request, Perm.CATALOG_MANAGE)


def admin_access_install(site: AdminSite) -> None:
    """Make `site` use the role map instead of Django's `is_staff` flag."""
    # An instance attribute, like the allauth login wrapper in smartstock/urls.py;
    # AdminSite calls it as self.has_permission(request).
    site.has_permission = has_admin_access


def target_organization(request: HttpRequest) -> Organization | None:
    """The organization that rows created or linked by this request belong to."""
    if not is_superuser(request):
        return getattr(request, "organization", None)
    return getattr(request, _TARGET_ATTR, None) or getattr(
        request, "organization", None
    )


def scoped_choices(model: type[models.Model], request: HttpRequest) -> QuerySet | None:
    """Choices for a relation to `model`, limited to the organization; None = all."""
    superuser = is_superuser(request)
    organization = getattr(request, "organization", None)
    if model is Organization:
        if superuser:
            return None
        return Organization.objects.filter(pk=getattr(organization, "pk", None))
    if model is User:
        if superuser:
            return None
        if organization is None:
            return User.objects.none()
        return User.objects.filter(memberships__organization=organization)
    if any(field.name == "organization" for field in model._meta.fields):
        target = target_organization(request)
        if target is None:
            return None if superuser else model._default_manager.none()
        return model._default_manager.filter(organization=target)
    return None


class OrganizationFormMixin:
    """Set the organization first, so unique (organization, x) is checked."""

    admin_organization: Organization | None = None

    def _post_clean(self) -> None:
        instance = self.instance  # type: ignore[attr-defined]
        if self.admin_organization is not None and instance.organization_id is None:
            instance.organization = self.admin_organization
        super()._post_clean()  # type: ignore[misc]

    def _get_validation_exclusions(self) -> set[str]:
        # "organization" is not a form field, but the unique constraints include it.
        exclude = super()._get_validation_exclusions()  # type: ignore[misc]
        exclude.discard("organization")
        return exclude


class _ScopedChoicesMixin:
    """Foreign-key and many-to-many choices only list the organization's rows."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = scoped_choices(db_field.related_model, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            queryset = scoped_choices(db_field.related_model, request)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class OrganizationScopedAdmin(_ScopedChoicesMixin):
    """ModelAdmin mixin: rows, choices and permissions limited to one organization.

    Put it first in the bases, before ModelAdmin (or an admin subclass of it).
    """

    #: permission needed to see the model; None: superusers only
    view_perm: str | None = Perm.CATALOG_MANAGE
    #: permission needed to add, change and delete; None: read-only for members
    manage_perm: str | None = Perm.CATALOG_MANAGE
    #: lookup from the model to the organization's primary key
    organization_lookup: str = "organization"
    #: new rows get the request's organization (the field is not editable)
    assigns_organization: bool = True
    #: ledger caches (on_hand): never written back by an admin save
    cache_fields: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if is_superuser(request):
            return queryset
        organization = getattr(request, "organization", None)
        if organization is None:
            return queryset.none()
        return queryset.filter(**{self.organization_lookup: organization.pk})

    def belongs_to_organization(self, request: HttpRequest, obj: models.Model) -> bool:
        """True when `obj` belongs to the request's organization."""
        organization = getattr(request, "organization", None)
        if organization is None:
            return False
        organization_id = getattr(obj, "organization_id", None)
        if organization_id is not None:
            return organization_id == organization.pk
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def _allowed(self, request: HttpRequest, perm: str | None, obj=None) -> bool:
        if is_superuser(request):
            return True
        if not role_grants(request, perm):
            return False
        return obj is None or self.belongs_to_organization(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request, self.view_perm)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another organization's row (outside get_queryset) and a missing id
        # both answer 404, as everywhere else, instead of a redirect to the index.
        raise Http404

    def history_view(self, request: HttpRequest, object_id: str, extra_context=None):
        # simple_history falls back to the history rows of an object outside the
        # queryset (then 403): for members, another organization's row is a 404.
        if not is_superuser(request):
            try:
                visible = self.get_queryset(request).filter(pk=unquote(object_id))
                if not visible.exists():
                    raise Http404
            except (ValueError, ValidationError):  # not an id at all
                raise Http404 from None
        return super().history_view(request, object_id, extra_context)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if self._allowed(request, self.view_perm, obj):
            return True
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        if self.assigns_organization and target_organization(request) is None:
            return False  # nowhere to put the new row
        return self._allowed(request, self.manage_perm)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request, self.manage_perm, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request, self.manage_perm, obj)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        target = getattr(obj, "organization", None) if obj is not None else None
        setattr(request, _TARGET_ATTR, target or getattr(request, "organization", None))
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if not self.assigns_organization:
            return form_class
        return type(
            form_class.__name__,
            (OrganizationFormMixin, form_class),
            {"admin_organization": target_organization(request)},
        )

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not change and self.assigns_organization and obj.organization_id is None:
            obj.organization = target_organization(request)
        if change and self.cache_fields:
            # Writing the cache back would undo stock moves recorded meanwhile.
            obj._history_user = request.user
            obj.save(update_fields=self._writable_fields(obj))
            return
        super().save_model(request, obj, form, change)

    def _writable_fields(self, obj: models.Model) -> list[str]:
        skipped = {*self.cache_fields, "organization"}
        return [
            field.name
            for field in obj._meta.concrete_fields
            if not field.primary_key and field.name not in skipped
        ]

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        instances = formset.save(commit=False)
        for instance in instances:
            if getattr(instance, "organization_id", False) is None:
                instance.organization = form.instance.organization
            instance.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()


class OrganizationScopedInline(_ScopedChoicesMixin):
    """InlineModelAdmin mixin; the parent admin has already scoped the parent row."""

    manage_perm: str | None = Perm.CATALOG_MANAGE

    def _allowed(self, request: HttpRequest) -> bool:
        return is_superuser(request) or role_grants(request, self.manage_perm)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._allowed(request)


class ViewOnlyAdmin:
    """Nobody, superusers included, adds, changes or deletes these rows."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [field.name for field in self.model._meta.fields]  # type: ignore[attr-defined]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)  # type: ignore[misc]
        actions.pop("delete_selected", None)
        return actions


def decode_csv_bytes(raw: bytes) -> str:
    """Decode an uploaded CSV: UTF-8 (BOM or not), else Korean Excel's CP949."""
    # Never euc_kr: it lacks most Hangul syllables (PITFALLS.md, Uploads).
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("The file is neither UTF-8 nor CP949 text; save it as CSV UTF-8."),
        code="encoding",
    )


class LimitedImportForm(ImportForm):
    """The import form: refuses large files, hands the importer UTF-8 text."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(
                _("The file is too large; the limit is %(limit)s."),
                params={"limit": filesizeformat(MAX_IMPORT_BYTES)},
                code="too_large",
            )
        # The importer reads UTF-8 only; a CP949 file is re-encoded here.
        text = decode_csv_bytes(upload.read())
        return SimpleUploadedFile(
            upload.name, text.encode("utf-8"), content_type=upload.content_type
        )


class OrganizationExportMixin(ExportMixin):
    """Export of the admin's (organization-scoped) queryset through our resources."""

    export_formats = (CSV, XLSX)
    # Excel opens UTF-8 CSV correctly only with a byte-order mark.
    to_encoding = "utf-8-sig"

    def get_resource_kwargs(self, request: HttpRequest, *args, **kwargs) -> dict:
        kwargs = super().get_resource_kwargs(request, *args, **kwargs)
        kwargs["organization"] = getattr(request, "organization", None)
        # Only a superuser's changelist spans organizations.
        kwargs["export_unscoped"] = is_superuser(request)
        return kwargs

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)  # type: ignore[attr-defined]

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # The admin builds the whole file in memory inside the request; past the
        # cap it would outlive the worker's timeout. Larger tables: filter first,
        # or the streamed CSV of the page (the ledger: inventory:movement_export_csv).
        limit = settings.SMARTSTOCK_ADMIN_EXPORT_MAX_ROWS
        count = queryset.count()
        if count > limit:
            self.message_user(  # type: ignore[attr-defined]
                request,
                _(
                    "This export has %(count)s rows; the admin exports at most "
                    "%(limit)s. Narrow the list with its filters or search first; "
                    "the stock movements page downloads the whole ledger as CSV."
                ) % {"count": f"{count:,}", "limit": f"{limit:,}"},
                messages.ERROR,
            )
            opts = self.model._meta  # type: ignore[attr-defined]
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            return HttpResponseRedirect(changelist)
        return super()._do_file_export(file_format, request, queryset, export_form)


class OrganizationImportExportMixin(ImportMixin, OrganizationExportMixin):
    """Import into the request's organization (CSV only) and export as above."""

    import_export_change_list_template = (
        "admin/import_export/change_list_import_export.html"
    )
    # CSV only: XLSX uploads need zip-bomb and dimension checks (PITFALLS.md).
    import_formats = (CSV,)
    import_form_class = LimitedImportForm

    def has_import_permission(self, request: HttpRequest) -> bool:
        if getattr(request, "organization", None) is None:
            return False
        # Import both creates and updates rows.
        may_add = self.has_add_permission(request)  # type: ignore[attr-defined]
        return may_add and self.has_change_permission(request)  # type: ignore[attr-defined]

    def get_import_data_kwargs(self, **kwargs) -> dict:
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def get_import_resource_kwargs(self, request: HttpRequest, **kwargs) -> dict:
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        kwargs["export_unscoped"] = False
        return kwargs
