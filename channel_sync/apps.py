from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelSyncConfig(AppConfig):
    name = "channel_sync"
    verbose_name = _("Channel connections")

