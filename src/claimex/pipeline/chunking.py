"""Split long articles into overlapping chunks on paragraph boundaries.

Each chunk remembers its offset, so quotes found in a chunk map back to the article;
one paragraph of overlap keeps a quote whose attribution sits in the next paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True, slots=True)
class Chunk:
    text: str
    start: int  # offset of text[0] in the article


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > pos:
            spans.append((pos, match.start()))
        pos = match.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _hard_split(start: int, end: int, size: int) -> list[tuple[int, int]]:
    return [(s, min(s + size, end)) for s in range(start, end, size)]


def split_into_chunks(text: str, max_chars: int, *, overlap_paragraphs: int = 1) -> list[Chunk]:
    """Chunks of at most ``max_chars`` (a single longer paragraph is cut hard)."""
    if len(text) <= max_chars:
        return [Chunk(text, 0)]
    paragraphs: list[tuple[int, int]] = []
    for start, end in _paragraph_spans(text):
        paragraphs.extend(_hard_split(start, end, max_chars) if end - start > max_chars else [(start, end)])
    chunks: list[Chunk] = []
    i = 0
    while i < len(paragraphs):
        first = i
        end = paragraphs[i][1]
        i += 1
        while i < len(paragraphs) and paragraphs[i][1] - paragraphs[first][0] <= max_chars:
            end = paragraphs[i][1]
            i += 1
        start = paragraphs[first][0]
        chunks.append(Chunk(text[start:end], start))
        if i < len(paragraphs):
            i = max(first + 1, i - overlap_paragraphs)
    return chunks
