"""Channel connection pages: thin views over the services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import member_required
from accounts.roles import Perm, role_has_perm
from inventory.models import Product
from inventory.views._common import get_or_404, paginate

from . import selectors
from .exports import pick_list_xlsx
from .forms import (
    ConnectForm,
    CredentialsForm,
    MapCodeForm,
    PickListForm,
    PushSettingsForm,
)
from .messages import channel_error_text
from .models import ChannelAccount, SyncRun
from .services import accounts as account_services
from .services import mapping as mapping_services
from .services import push as push_services
from .services import sync as sync_services

SESSION_STATE = "channel_sync_cafe24_state"


def _account(request: HttpRequest, pk: int) -> ChannelAccount:
    return get_or_404(selectors.account_get, organization=request.organization,
                      account_id=pk)


def _may_manage(request: HttpRequest) -> bool:
    return role_has_perm(request.membership.role, Perm.CATALOG_MANAGE)


@member_required(read=Perm.VIEW, write=Perm.CATALOG_MANAGE)
def account_list(request: HttpRequest) -> HttpResponse:
    """The Channels page: accounts, their state, unknown codes; connect form."""
    form = ConnectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = account_services.account_connect(
                organization=request.organization, user=request.user,
                kind=form.cleaned_data["kind"], name=form.cleaned_data["name"],
                credentials=form.credentials(),
                base_url=form.cleaned_data["base_url"] or "")
        except ValidationError as error:
            form.add_error(None, [*error.messages, _("Nothing was saved.")])
        else:
            _saved(request, account, _("Account %(name)s connected.")
                   % {"name": account.name})
            return redirect("channel_sync:account_list")
    context = {
        "accounts": selectors.account_list(organization=request.organization),
        "unknown": selectors.unknown_codes(organization=request.organization),
        "form": form, "may_manage": _may_manage(request),
        "map_form": MapCodeForm(),
    }
    return render(request, "channel_sync/account_list.html", context)


def _saved(request: HttpRequest, account: ChannelAccount, done: str) -> None:
    """Tell what was saved: done, or saved with the channel not reached yet."""
    if account.last_error:  # the credentials could not be tested yet
        messages.warning(request, _("Account %(name)s saved. %(warning)s") % {
            "name": account.name, "warning": channel_error_text(account.last_error)})
    else:
        messages.success(request, done)
    if account.status == ChannelAccount.Status.AWAITING_AUTHORIZATION:
        messages.info(request, _("Authorize the app in Cafe24 to finish."))


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
def account_credentials(request: HttpRequest, pk: int) -> HttpResponse:
    """New keys for an account (a disconnected one: connect it again); the
    channel tests them before they replace the stored ones."""
    account = _account(request, pk)
    form = CredentialsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account = account_services.account_credentials_set(
                organization=request.organization, account=account,
                credentials=form.credentials(account), user=request.user)
        except ValidationError as error:
            form.add_error(None, [*error.messages,
                                  _("The previous credentials are kept.")])
        else:
            _saved(request, account, _("The channel accepted the new credentials of"
                                       " %(name)s.") % {"name": account.name})
            return redirect("channel_sync:account_list")
    return render(request, "channel_sync/credentials.html",
                  {"account": account, "form": form})


def _act(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    account = _account(request, pk)
    try:
        action(organization=request.organization, account=account, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("channel_sync:account_list")


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
@require_POST
def account_pause(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, account_services.account_pause, _("Account paused."))


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
@require_POST
def account_resume(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, account_services.account_resume, _("Account resumed."))


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
@require_POST
def account_disconnect(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, account_services.account_disconnect,
                _("Account disconnected; its credentials were deleted."))


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
@require_POST
def account_test(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: one real authenticated call."""
    account = _account(request, pk)
    worked, text = account_services.account_test(
        organization=request.organization, account=account)
    (messages.success if worked else messages.error)(request, text)
    return redirect("channel_sync:account_list")


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
@require_POST
def account_sync(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: sync now (in this request; the schedule does the same)."""
    account = _account(request, pk)
    if account.status not in (ChannelAccount.Status.ACTIVE, ChannelAccount.Status.ERROR):
        messages.error(request, _("Resume the account first."))
        return redirect("channel_sync:account_list")
    try:
        run = sync_services.account_sync(account_id=account.pk)
    except sync_services.SyncBusy:
        messages.info(request, _("A sync of this account is already running."))
    else:
        if run.status != SyncRun.Status.OK:
            messages.error(request, _("Sync failed: %(reason)s") % {
                "reason": channel_error_text(run.error)})
            return redirect("channel_sync:run_list", pk=account.pk)
        messages.success(request, _(
            "Sync finished: %(fetched)s lines read, %(applied)s applied, %(skipped)s"
            " skipped, %(unknown)s with unknown codes.") % {
            "fetched": run.fetched, "applied": run.applied, "skipped": run.skipped,
            "unknown": run.unknown})
    return redirect("channel_sync:run_list", pk=account.pk)


@member_required(read=Perm.VIEW)
def run_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The sync log of one account."""
    account = _account(request, pk)
    page = paginate(request, selectors.run_list(organization=request.organization,
                                                account=account), per_page=25)
    for run in page.object_list:
        run.detail_lines = selectors.run_details(run)
    return render(request, "channel_sync/run_list.html",
                  {"account": account, "page": page})


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
@require_POST
def code_map(request: HttpRequest) -> HttpResponse:
    """POST: map an unknown code to a master SKU; the waiting lines then apply."""
    form = MapCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a master SKU."))
        return redirect("channel_sync:account_list")
    account = _account(request, form.cleaned_data["account"])
    try:
        product = selectors.product_by_sku(organization=request.organization,
                                           sku=form.cleaned_data["sku"])
    except Product.DoesNotExist:
        messages.error(request, _("No product has the master SKU %(sku)s.")
                       % {"sku": form.cleaned_data["sku"]})
        return redirect("channel_sync:account_list")
    try:
        run = mapping_services.unknown_code_map(
            organization=request.organization, user=request.user, account=account,
            code=form.cleaned_data["code"], product=product)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Mapped; %(applied)s waiting lines applied.")
                         % {"applied": run.applied})
    return redirect("channel_sync:account_list")


@member_required(read=Perm.VIEW, write=Perm.CATALOG_MANAGE)
def push_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Stock push: settings, what would be pushed (dry run), the push log."""
    account = _account(request, pk)
    form = PushSettingsForm(request.POST or None, initial={
        "push_enabled": account.push_enabled, "push_dry_run": account.push_dry_run,
        "push_buffer": account.push_buffer})
    if request.method == "POST":
        if request.POST.get("action") == "push":
            try:
                result = push_services.stock_push_run(
                    organization=request.organization, account=account)
            except Exception as error:  # the channel's words, not a stack trace
                messages.error(request, str(error))
            else:
                messages.success(request, _(
                    "%(sent)s quantities sent, %(failed)s failed, %(remaining)s left"
                    " for the next run.") % result.__dict__)
            return redirect("channel_sync:push_settings", pk=account.pk)
        if form.is_valid():
            account_services.account_settings_set(
                organization=request.organization, account=account,
                **form.cleaned_data)
            messages.success(request, _("Stock push settings saved."))
            return redirect("channel_sync:push_settings", pk=account.pk)
    plan = selectors.push_plan(organization=request.organization, account=account)
    context = {"account": account, "form": form, "plan": plan,
               "changed": sum(1 for item in plan if item.changed),
               "pushes": selectors.push_list(organization=request.organization,
                                             account=account)[:50],
               "may_manage": _may_manage(request)}
    return render(request, "channel_sync/push.html", context)


@member_required(read=Perm.VIEW)
def pick_list(request: HttpRequest) -> HttpResponse:
    """Today's pick list (page, printable, .xlsx)."""
    form = PickListForm(request.GET or None)
    day = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("day"):
        day = form.cleaned_data["day"]
    picks = selectors.pick_list(organization=request.organization, day=day)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            pick_list_xlsx(picks),
            content_type="application/vnd.openxmlformats-officedocument."
                         "spreadsheetml.sheet")
        response["Content-Disposition"] = (
            f'attachment; filename="pick-list-{day.isoformat()}.xlsx"')
        return response
    return render(request, "channel_sync/pick_list.html",
                  {"form": form, "picks": picks, "day": day,
                   "channels": list(picks.channel_totals)})


@member_required(read=Perm.VIEW)
def movement_line(request: HttpRequest, pk: int) -> HttpResponse:
    """The channel order line a stock movement was recorded for."""
    movement, line = get_or_404(selectors.order_line_for_movement,
                                organization=request.organization, movement_id=pk)
    if line is None:
        raise Http404
    return render(request, "channel_sync/line_detail.html", {
        "movement": movement, "line": line,
        "movements": selectors.line_movements(organization=request.organization,
                                              line=line)})


@member_required(read=Perm.CATALOG_MANAGE, write=Perm.CATALOG_MANAGE)
@require_POST
def cafe24_authorize(request: HttpRequest, pk: int) -> HttpResponse:
    """POST: send the browser to Cafe24's consent page (OAuth code flow)."""
    account = _account(request, pk)
    try:
        url, state = account_services.cafe24_authorize_start(
            organization=request.organization, account=account,
            redirect_uri=request.build_absolute_uri(
                reverse("channel_sync:cafe24_callback")))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("channel_sync:account_list")
    request.session[SESSION_STATE] = {"state": state, "account": account.pk}
    return redirect(url)


@member_required(read=Perm.CATALOG_MANAGE)
def cafe24_callback(request: HttpRequest) -> HttpResponse:
    """Cafe24 redirects here with ?code=…&state=…; the state must be ours."""
    expected = request.session.pop(SESSION_STATE, None)
    if not expected or request.GET.get("state") != expected["state"] \
            or not request.GET.get("code"):
        messages.error(request, _("The Cafe24 authorization could not be verified;"
                                  " start it again."))
        return redirect("channel_sync:account_list")
    account = _account(request, expected["account"])
    try:
        account_services.cafe24_authorize_finish(
            organization=request.organization, account=account,
            code=request.GET["code"], redirect_uri=request.build_absolute_uri(
                reverse("channel_sync:cafe24_callback")))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Cafe24 authorized; the account is active."))
    return redirect("channel_sync:account_list")
