"""API keys of an organization and the remembered results of idempotent requests."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from accounts.roles import Role

# A key is never a master: members and keys stay a person's business.
API_KEY_ROLE_CHOICES = [
    (role.value, role.label) for role in (Role.MANAGER, Role.STAFF, Role.VIEWER)
]


class ApiKey(models.Model):
    """A key for scripts and other tools; acts with `role` in `organization`.

    Only a SHA-256 of the key is stored (the key is 32 random bytes, so a fast
    hash is enough); `prefix` finds the row without the secret. Actions through
    the key are recorded as its service user (`actor`), who cannot sign in.
    """

    KEY_ROLES = [Role.MANAGER, Role.STAFF, Role.VIEWER]

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=16, choices=API_KEY_ROLE_CHOICES)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)
    actor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        null=True, blank=True, editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > now
        )


class IdempotentRequest(models.Model):
    """The first result of a write sent with an `Idempotency-Key` header.

    The unique key (organization, key) makes a concurrent second request wait
    for the first one's transaction and then read its result.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", editable=False
    )
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "key"], name="api_idempotency_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.key
