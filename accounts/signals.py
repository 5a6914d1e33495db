"""Receivers for allauth's signals. They only hand over to a service."""

from allauth.account.signals import password_changed, password_reset, password_set

from . import services


def on_own_password_chosen(sender, request, user, **kwargs) -> None:
    """Any password the person chooses themselves ends the one-time password."""
    services.user_password_changed(user=user)


def connect() -> None:
    """Connect the receivers (called once from AccountsConfig.ready)."""
    for signal in (password_changed, password_set, password_reset):
        signal.connect(
            on_own_password_chosen,
            dispatch_uid="accounts.own_password_chosen",
        )
