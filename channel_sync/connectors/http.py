"""A small HTTP client with timeouts and bounded, jittered retries.

Every request has a timeout. HTTP 429 and 5xx (and timeouts / refused
connections) are retried a bounded number of times with exponential back-off
and jitter, honouring `Retry-After` when the server sends it. 401/403 raise
`ChannelAuthError` at once (never retried: the account must be paused); other
4xx raise `ChannelRequestError`. Built on the standard library only.
"""

from __future__ import annotations

import email.utils
import json
import random
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


class ChannelError(Exception):
    """A channel call failed; `str()` is a plain-words explanation (English).

    `status` is the HTTP status when the channel answered one, `detail` the
    channel's own words from its error body (its language; "" when none).
    """

    def __init__(self, message: str, *, status: int | None = None,
                 detail: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.detail = detail


class ChannelAuthError(ChannelError):
    """401/403: credentials rejected, expired or revoked."""


class ChannelRequestError(ChannelError):
    """The channel refused the request (4xx) or answered something unreadable."""


class ChannelUnavailable(ChannelError):
    """429/5xx/timeouts still failing after the bounded retries."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError) as error:
            raise ChannelRequestError(
                f"The channel answered something that is not JSON ({error})."
            ) from error


def _sleep(seconds: float) -> None:  # module level so tests can replace it
    time.sleep(seconds)


@dataclass
class RetryPolicy:
    """How often and how long to retry; all times in seconds."""

    max_attempts: int = 4
    backoff_base_seconds: float = 1.0
    backoff_cap_seconds: float = 30.0
    retry_after_cap_seconds: float = 60.0
    timeout_seconds: float = 15.0
    rng: Callable[[], float] = field(default=random.random, repr=False)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before attempt `attempt + 1` (attempt counts from 1)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.retry_after_cap_seconds)
        ceiling = min(self.backoff_cap_seconds,
                      self.backoff_base_seconds * 2 ** (attempt - 1))
        # "Equal jitter": half fixed, half random, so retries of many accounts
        # do not arrive at the provider in lock-step.
        return ceiling / 2 + ceiling / 2 * self.rng()


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After` as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


Throttled = Callable[[Response], bool]


class HttpClient:
    """Sends requests; `headers` may be a callable re-evaluated per attempt."""

    def __init__(self, policy: RetryPolicy | None = None) -> None:
        self.policy = policy or RetryPolicy()
        self.calls = 0  # requests sent, retries included (for the sync log)

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | Callable[[], Mapping[str, str]] | None = None,
        body: bytes | None = None,
        throttled: Throttled | None = None,
        max_5xx_attempts: int | None = None,
    ) -> Response:
        policy = self.policy
        last_problem = ""
        server_errors = 0
        for attempt in range(1, policy.max_attempts + 1):
            sent = headers() if callable(headers) else dict(headers or {})
            response, last_problem = self._send(method, url, sent, body)
            retry_after = None
            if response is not None:
                if response.status in (401, 403):
                    raise ChannelAuthError(
                        f"The channel refused the credentials (HTTP {response.status}).",
                        status=response.status, detail=channel_words(response.body))
                is_throttled = response.status == 429 or bool(
                    throttled and throttled(response))
                if response.status < 400 and not is_throttled:
                    return response
                if not is_throttled and response.status < 500:
                    raise ChannelRequestError(
                        f"The channel refused the request (HTTP {response.status}):"
                        f" {response.body[:200].decode('utf-8', 'replace')}",
                        status=response.status, detail=channel_words(response.body))
                server_errors += response.status >= 500
                if (max_5xx_attempts is not None
                        and server_errors >= max_5xx_attempts):
                    raise ChannelUnavailable(
                        f"The channel answered HTTP {response.status}."
                    )
                last_problem = (
                    "the channel asked us to slow down (too many requests)"
                    if is_throttled else f"HTTP {response.status}"
                )
                retry_after = parse_retry_after(response.headers.get("retry-after"))
            if attempt < policy.max_attempts:
                _sleep(policy.delay(attempt, retry_after))
        if policy.max_attempts == 1:
            raise ChannelUnavailable(
                f"The channel did not answer properly ({last_problem}).")
        raise ChannelUnavailable(
            f"The channel did not answer properly after {policy.max_attempts}"
            f" attempts ({last_problem})."
        )

    def _send(self, method: str, url: str, headers: Mapping[str, str],
              body: bytes | None) -> tuple[Response | None, str]:
        self.calls += 1
        request = urllib.request.Request(url, data=body, method=method,
                                         headers=dict(headers))
        try:
            with urllib.request.urlopen(request, timeout=self.policy.timeout_seconds) \
                    as raw:
                return Response(raw.status, _lower(raw.headers), raw.read()), ""
        except urllib.error.HTTPError as error:
            return Response(error.code, _lower(error.headers), error.read()), ""
        except TimeoutError:
            return None, "timed out"
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                return None, "timed out"
            return None, f"could not connect ({error.reason})"
        except (ConnectionError, OSError) as error:
            return None, f"connection failed ({error})"


def channel_words(body: bytes, limit: int = 200) -> str:
    """The message of a channel's JSON error body ("" when it has none): Coupang
    and Naver `message`, Cafe24 `error.message`, OAuth `error: error_description`.
    An HTML page (a gateway's block page) gives nothing."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if not isinstance(data, dict):
        return ""
    error = data.get("error")
    if isinstance(error, str):  # OAuth: {"error": code, "error_description": …}
        words = ": ".join(str(part) for part in (error, data.get(
            "error_description")) if part)
    else:
        words = data.get("message") or (
            error.get("message") if isinstance(error, dict) else "")
    return " ".join(str(words or "").split())[:limit]


def _lower(headers) -> dict[str, str]:
    return {key.lower(): value for key, value in (headers or {}).items()}
