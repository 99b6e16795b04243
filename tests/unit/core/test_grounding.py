from claimex.core.grounding import ArticleIndex, locate_quote, quote_in_text
from claimex.core.text import fold, strip_wrapping
from claimex.core.types import AlignmentStatus

TEXT = (
    "Harbour officials met on Monday.\n\n"
    "“We will not accept this deal,” the union’s leader, Ana Ruiz, said.\n\n"
    "The ministry said   the talks\nwould resume next week.\n\n"
    "“We will not accept this deal,” the union’s leader, Ana Ruiz, said.\n"
)


def test_exact_after_folding_curly_and_straight_quotes() -> None:
    loc = locate_quote(TEXT, '"We will not accept this deal,"')
    assert loc.status is AlignmentStatus.EXACT
    assert loc.start is not None and loc.end is not None
    assert fold(TEXT[loc.start : loc.end]).text == "We will not accept this deal"


def test_exact_across_collapsed_whitespace_and_line_breaks() -> None:
    loc = locate_quote(TEXT, "the talks would resume next week")
    assert loc.status is AlignmentStatus.EXACT
    assert TEXT[loc.start : loc.end] == "the talks\nwould resume next week"


def test_fuzzy_for_small_copy_errors() -> None:
    loc = locate_quote(TEXT, "the talk would resume next weeks")
    assert loc.status is AlignmentStatus.FUZZY
    assert loc.start is not None and "resume" in TEXT[loc.start : loc.end]


def test_case_only_difference_is_fuzzy_not_exact() -> None:
    assert locate_quote(TEXT, "THE TALKS WOULD RESUME NEXT WEEK").status is AlignmentStatus.FUZZY


def test_invented_quote_is_not_grounded() -> None:
    loc = locate_quote(TEXT, "we demand the immediate resignation of the harbour board")
    assert loc.status is AlignmentStatus.NONE and loc.start is None


def test_repeated_paragraph_gives_every_occurrence_and_nearest_wins() -> None:
    index = ArticleIndex(TEXT)
    spans = index.find_all("We will not accept this deal")
    assert len(spans) == 2
    assert index.locate("We will not accept this deal", near=len(TEXT)).start == spans[1][0]
    assert index.locate("We will not accept this deal").start == spans[0][0]


def test_quote_in_text_is_the_annotation_contract() -> None:
    assert quote_in_text(TEXT, "We will not accept this deal")
    assert not quote_in_text(TEXT, "We will accept this deal")


def test_strip_wrapping_removes_marks_and_trailing_comma() -> None:
    assert strip_wrapping("“expect a response,”") == "expect a response"
    assert strip_wrapping("'fine'") == "fine"


def test_fold_maps_offsets_back() -> None:
    folded = fold("a  “b”\n c")
    assert folded.text == 'a "b" c'
    assert folded.span_to_original(2, 5) == (3, 6)
