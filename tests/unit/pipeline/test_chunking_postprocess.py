from claimex.core.types import AlignmentStatus, Claim, QuoteType
from claimex.pipeline.chunking import split_into_chunks
from claimex.pipeline.postprocess import ground_and_merge


def test_short_text_is_one_chunk() -> None:
    assert [c.start for c in split_into_chunks("abc\n\ndef", 100)] == [0]


def test_chunks_cover_text_overlap_and_map_back() -> None:
    paragraphs = [f"Paragraph {i} " + "word " * 30 for i in range(20)]
    text = "\n\n".join(paragraphs)
    chunks = split_into_chunks(text, 600)
    assert len(chunks) > 3
    for chunk in chunks:
        assert len(chunk.text) <= 600
        assert text[chunk.start : chunk.start + len(chunk.text)] == chunk.text
    covered = set()
    for chunk in chunks:
        covered.update(range(chunk.start, chunk.start + len(chunk.text)))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    assert chunks[1].start < chunks[0].start + len(chunks[0].text)  # overlap


def test_one_huge_paragraph_is_cut() -> None:
    chunks = split_into_chunks("x" * 2500, 1000)
    assert [len(c.text) for c in chunks] == [1000, 1000, 500]


def _claim(quote: str, speaker: str = "Ana Ruiz", qt: QuoteType = QuoteType.DIRECT) -> Claim:
    return Claim(speaker=speaker, quote=quote, quote_type=qt)


TEXT = (
    "“We will strike back hard,” Ana Ruiz said.\n\n"
    "Ruiz said they would strike back hard.\n\n"
    "“We will strike back hard,” Ana Ruiz said.\n"
)


def test_duplicates_merge_and_ungrounded_are_dropped_and_counted() -> None:
    claims = [
        _claim("We will strike back hard"),
        _claim("We will strike back hard"),
        _claim("strike back hard"),
        _claim("something she never said at all"),
    ]
    result = ground_and_merge(claims, TEXT)
    assert len(result.claims) == 1
    assert result.claims[0].alignment is AlignmentStatus.EXACT
    assert result.dropped_ungrounded == 1
    kept = ground_and_merge(claims, TEXT, keep_ungrounded=True)
    assert [c.alignment for c in kept.claims].count(AlignmentStatus.NONE) == 1


def test_grounded_quote_is_the_article_text() -> None:
    (claim,) = ground_and_merge([_claim('"We will strike back hard,"')], TEXT).claims
    assert claim.start is not None and claim.end is not None
    assert TEXT[claim.start : claim.end] == claim.quote == "We will strike back hard"
