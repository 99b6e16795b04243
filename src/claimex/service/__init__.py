"""claimex over HTTP: ``claimex serve`` runs :func:`create_app` on uvicorn.

The top layer beside the CLI: it imports the library, and import-linter keeps the
library from importing it (or the web stack).
"""

from claimex.service.app import create_app
from claimex.service.errors import ApiError
from claimex.service.options import DEFAULT_STATE_DIR, ServiceOptions

__all__ = ["DEFAULT_STATE_DIR", "ApiError", "ServiceOptions", "create_app"]
