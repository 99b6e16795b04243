"""Keep secrets out of everything claimex writes: records, caches, logs and error messages.

An endpoint is shown as scheme, host, port and path only: user info (``user:KEY@``),
query strings (``?api-key=KEY``) and fragments are dropped. Error text from a server is
scrubbed of the key and of any secret part of the endpoint, since some servers echo the
request back.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, urlsplit

REDACTED = "[redacted]"
_MIN_SECRET = 4  # shorter strings would blank out ordinary words


def redact_url(url: str | None) -> str:
    """``scheme://host:port/path`` of an endpoint, without credentials or query."""
    if not url:
        return "api.openai.com"
    parts = urlsplit(url)
    if not parts.hostname:
        return REDACTED
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}".rstrip("/")


def url_secrets(url: str | None) -> list[str]:
    """The parts of an endpoint URL that may be secret: user, password, query values."""
    if not url:
        return []
    parts = urlsplit(url)
    found = [parts.username or "", parts.password or "", parts.fragment]
    found += [value for _, value in parse_qsl(parts.query, keep_blank_values=False)]
    return [s for s in found if len(s) >= _MIN_SECRET]


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (and its URL-encoded form) replaced by a marker."""
    for secret in sorted({s for s in secrets if s and len(s) >= _MIN_SECRET}, key=len, reverse=True):
        for form in {secret, quote(secret, safe="")}:
            text = text.replace(form, REDACTED)
    return text
