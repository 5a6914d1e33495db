"""The questions each user asked recently (shown again on the copilot page)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization


class CopilotQuestion(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    question = models.CharField(_("question"), max_length=300)
    intent = models.CharField(_("intent"), max_length=32)
    language = models.CharField(_("language"), max_length=2)
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("copilot question")
        verbose_name_plural = _("copilot questions")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["organization", "user", "-asked_at"])]

    def __str__(self) -> str:
        return self.question
