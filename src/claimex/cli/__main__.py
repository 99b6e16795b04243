"""``python -m claimex.cli`` (used by tests to run the CLI in a subprocess)."""

from claimex.cli import main

main()
