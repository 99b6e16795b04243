"""The real ``claimex serve`` in a child process on an ephemeral 127.0.0.1 port, for tests and benchmarks.

The server binds port 0 itself and prints the address it got, so there is no race for a
port. Its stderr is drained in a thread (a full pipe would stall the server) and kept,
so a test can read the log.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Self

import httpx

ROOT = Path(__file__).resolve().parents[2]
_LISTENING = re.compile(r"claimex serve: listening on (http://\S+)")


class ServiceProcess:
    """``claimex serve --port 0 --state-dir STATE ARGS...``; a context manager that stops it at the end."""

    def __init__(
        self,
        state_dir: Path,
        *args: str,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        start_timeout: float = 300.0,
    ) -> None:
        self.state_dir = state_dir
        self.args = args
        self.cwd = cwd or ROOT
        self.start_timeout = start_timeout
        base = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMEX_") and k != "OPENAI_API_KEY"}
        self.env = {**base, **(env or {})}
        self.base_url = ""
        self.lines: list[str] = []
        self._proc: subprocess.Popen[str] | None = None
        self._found = threading.Event()

    @property
    def pid(self) -> int:
        assert self._proc is not None
        return self._proc.pid

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def start(self) -> Self:
        command = [sys.executable, "-m", "claimex.cli", "serve", "--port", "0", "--state-dir", str(self.state_dir)]
        self._found.clear()
        self.base_url = ""
        self._proc = subprocess.Popen(
            [*command, *self.args],
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        threading.Thread(target=self._drain, args=(self._proc,), daemon=True).start()
        deadline = time.monotonic() + self.start_timeout
        while not self._found.wait(0.1):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"claimex serve did not start:\n{self.log}")
        self._wait_healthy(deadline)
        return self

    def _drain(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            self.lines.append(line)
            match = _LISTENING.search(line)
            if match and not self._found.is_set():
                self.base_url = match.group(1)
                self._found.set()

    def _wait_healthy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=10).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"claimex serve never answered /healthz:\n{self.log}")

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when the machine or the OOM killer stops it."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGKILL)
            self._proc.wait(timeout=60)

    def stop(self, timeout: float = 60.0) -> int | None:
        """SIGTERM, the graceful stop a process manager sends; SIGKILL if it does not end in time."""
        if self._proc is None:
            return None
        if self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)
            try:
                self._proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self._proc.returncode

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
