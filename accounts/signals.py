"""Receivers for allauth's signals. They only hand over to a service."""

from allauth.account.signals import password_changed, password_reset, password_set
from django.core.exceptions import PermissionDenied

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


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """Every sign-in is recorded (who, when, from where) for the master to see."""
    if request is None:
        return
    from allauth.account.adapter import get_adapter

    adapter = get_adapter(request)
    try:
        address = adapter.get_client_ip(request)
    except PermissionDenied:  # no address: a test client's force_login
        address = None
    if address:
        services.login_success_clear(address=address, email=user.email)
    services.login_attempt_record(
        email=user.email,
        address=address,
        user_agent=adapter.get_http_user_agent(request),
        succeeded=True,
        user=user,
    )


def connect_login_record() -> None:
    """Connect the sign-in recorder (called once from AccountsConfig.ready)."""
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts.login_record")
