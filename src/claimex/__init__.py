"""claimex: grounded extraction of who-said-what-about-whom claims from news articles."""

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

__version__ = "0.1.0"

__all__ = [
    "AlignmentStatus",
    "Article",
    "ClaimexError",
    "Claim",
    "ConfigError",
    "ErrorRecord",
    "ExtractionResult",
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
