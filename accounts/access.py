"""Access control for views: one decorator, driven by the role map in roles.py.

`member_required(read=..., write=...)` lets a view through only for a signed-in
member of the current organization whose role grants the permission for the
request method. It also records the permissions on the view, so the access-matrix
test can read what every URL requires.
"""
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .roles import Perm, role_has_perm

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def member_required(
    read: str = Perm.VIEW, write: str | None = None
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Require membership; `read` for GET/HEAD, `write` for every other method.

    A view that accepts no writes leaves `write` as None: any other method then
    gets 403 for every role.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = getattr(request, "membership", None)
            if membership is None:
                return render(request, "accounts/no_organization.html", status=403)
            if request.method in SAFE_METHODS:
                needed = read
            elif write is None:
                # A read-only view: no role may write through it.
                raise PermissionDenied
            else:
                needed = write
            if not role_has_perm(membership.role, needed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access = {"read": read, "write": write}  # type: ignore[attr-defined]
        return wrapper

    return decorator
