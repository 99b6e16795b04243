"""The package version, kept in one place below every layer."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimex")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0+unknown"
