"""claimex: grounded extraction of who-said-what-about-whom claims from news articles."""

from typing import TYPE_CHECKING

from claimex.core.errors import (
    ClaimexError,
    ConfigError,
    GoldFormatError,
    InputError,
    OutputValidationError,
    PromptError,
    ProviderError,
    TransientProviderError,
)
from claimex.core.settings import Settings
from claimex.core.types import (
    AlignmentStatus,
    Article,
    Claim,
    ErrorRecord,
    ExtractionResult,
    Provenance,
    QuoteType,
    Stance,
    Usage,
)
from claimex.core.version import __version__

if TYPE_CHECKING:
    from claimex.pipeline.extractor import Extractor


def __getattr__(name: str) -> object:
    # Imported lazily: the CLI's --help and the deterministic layers need no model stack.
    if name == "Extractor":
        from claimex.pipeline.extractor import Extractor

        return Extractor
    raise AttributeError(f"module 'claimex' has no attribute {name!r}")


__all__ = [
    "AlignmentStatus",
    "Article",
    "Claim",
    "ClaimexError",
    "ConfigError",
    "ErrorRecord",
    "ExtractionResult",
    "Extractor",
    "GoldFormatError",
    "InputError",
    "OutputValidationError",
    "PromptError",
    "Provenance",
    "ProviderError",
    "QuoteType",
    "Settings",
    "Stance",
    "TransientProviderError",
    "Usage",
    "__version__",
]
