"""Text folding that remembers where each character came from.

Quotes in news text come with curly or straight marks, non-breaking spaces and stray
line breaks; the model (and annotators) rarely reproduce those exactly. Folding
maps them to one form, and the offset map lets a match in folded text be reported
as offsets into the original.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_QUOTES = '"“”„‟«»″〝〞＂'
SINGLE_QUOTES = "'‘’‚‛′‹›`´"
_QUOTE_FOLD = {ord(c): '"' for c in DOUBLE_QUOTES} | {ord(c): "'" for c in SINGLE_QUOTES}
_DASH_FOLD = {ord(c): "-" for c in "‐‑‒–—―−"}
_TRANSLATION = _QUOTE_FOLD | _DASH_FOLD

# Marks that may wrap a quote and are not part of its content.
WRAPPING_PUNCTUATION = DOUBLE_QUOTES + SINGLE_QUOTES + " \t\r\n"


@dataclass(frozen=True, slots=True)
class FoldedText:
    """``text`` folded, with ``origin[i]`` the index in the original of folded char ``i``."""

    text: str
    origin: tuple[int, ...]
    original_length: int

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded half-open span back to the original text."""
        if start >= end:
            pos = self.origin[start] if start < len(self.origin) else self.original_length
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1


def fold_char(ch: str) -> str:
    return ch.translate(_TRANSLATION)


def fold(text: str, *, lower: bool = False) -> FoldedText:
    """Fold quote marks and dashes to ASCII and collapse runs of white space to one space.

    With ``lower`` the text is also case-folded (one char to one char, so offsets stay exact).
    """
    out: list[str] = []
    origin: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space and out:
                out.append(" ")
                origin.append(i)
            in_space = True
            continue
        in_space = False
        folded = ch.translate(_TRANSLATION)
        if lower:
            low = folded.lower()
            folded = low if len(low) == 1 else folded
        out.append(folded)
        origin.append(i)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return FoldedText("".join(out), tuple(origin), len(text))


def fold_plain(text: str, *, lower: bool = False) -> str:
    """Folded form only, for comparisons."""
    return fold(text, lower=lower).text


def strip_wrapping(quote: str) -> str:
    """Drop surrounding quote marks, white space and a dangling comma."""
    return quote.strip(WRAPPING_PUNCTUATION).rstrip(",").strip(WRAPPING_PUNCTUATION)
