"""The ``claimex`` command: thin over the library (parse, build Settings, call, map errors)."""

from claimex.cli.commands import app, main

__all__ = ["app", "main"]
