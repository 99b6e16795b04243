"""Headless Chromium for the page tests: run a page's script, read its DOM, take screenshots.

Each page writes counts it computed from its own DOM into ``<pre id="selfcheck">``;
``--dump-dom`` returns the DOM after the script ran. ``wait_ms`` gives asynchronous pages
(Vega renders after promises) virtual time to finish first.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if not found:
        reason = (
            "Chromium is needed for the review-page browser tests and was not found. "
            "Install it (apt-get install -y chromium) or set CHROMIUM=/path/to/chromium."
        )
        if not os.environ.get("CI"):
            pytest.skip(reason)  # a developer's machine without a browser; CI must have one
        pytest.fail(reason, pytrace=False)
    return found


def browser(tmp: Path, *args: str, wait_ms: int | None = None) -> str:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp / 'chromium-profile'}",
        *([f"--virtual-time-budget={wait_ms}"] if wait_ms else []),
        *args,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def selfcheck(tmp: Path, page: Path, fragment: str = "", *, wait_ms: int | None = None) -> tuple[dict[str, Any], str]:
    dom = browser(tmp, "--dump-dom", page.as_uri() + fragment, wait_ms=wait_ms)
    found = re.search(r'<pre id="selfcheck"[^>]*>(.*?)</pre>', dom, flags=re.DOTALL)
    assert found and found.group(1).strip(), "the page's script did not run (empty #selfcheck)"
    return json.loads(html.unescape(found.group(1))), dom


def screenshot(
    tmp: Path, page: Path, name: str, *, publish: bool = True, fragment: str = "", wait_ms: int | None = None
) -> Path:
    shot = tmp / name
    browser(
        tmp,
        f"--screenshot={shot}",
        "--window-size=1400,1000",
        "--hide-scrollbars",
        page.as_uri() + fragment,
        wait_ms=wait_ms,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1400, 1000)
    assert 20_000 < len(data) < 500_000, len(data)
    # Non-trivial: the decoded pixels take many values (a blank or failed page takes a few).
    pos, idat = 8, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        if data[pos + 4 : pos + 8] == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    assert len(set(zlib.decompress(idat))) > 100
    target = DOCS / name
    if publish and (os.environ.get("UPDATE_SCREENSHOTS") == "1" or not target.exists()):
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(shot, target)
    return shot
