"""The package version, and a fingerprint of the code itself, kept below every layer."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    __version__ = version("claimex")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over claimex's own source and data files.

    Part of every result's provenance: a change to the rules changes what a result
    means, so resumed batches and cached results must not mix code versions, even
    between releases.
    """
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json", ".yaml"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
