"""Reporting cues and the stance lexicon.

Cues
----
A cue is a reporting verb or phrase. ``SAY`` verbs take a complement (a that-clause,
a quotation or a bare clause) and may be inverted after a quotation (", said X").
``OBJECT`` verbs name whom the statement addresses right after the verb ("warned
Washington", "accused the minister of ..."), which makes that entity the first
target candidate. ``WEAK`` cues ("called it a ...", "described ... as") count only
when their clause holds a quotation; otherwise they report acts, not statements.

Stance (ANNOTATION.md): threaten > oppose > support > neutral
---------------------------------------------------------------
- threaten: words of violence, retaliation or harm: threaten, revenge/avenge,
  retaliate, "response" qualified as deadly or crushing, war, strike,
  attack, kill, destroy, hell, "pay the price", "will not go unpunished", cutting off.
- oppose: condemn, accuse, blame, reject, denounce, criticise, "hold ... responsible",
  violation, aggression, demands to withdraw/leave/expel, "must not", contempt.
- support: praise, welcome, support, defend, endorse, thank, ally, "the right of".
- neutral: anything else, and denials.
A cue verb counts as evidence too (threatened -> threaten, accused -> oppose,
praised -> support). A hit preceded closely by a negation ("will not target") is
ignored. Without a target the stance is neutral.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimex.core.types import Stance


@dataclass(frozen=True, slots=True)
class CueKind:
    name: str  # lemma ("say", "call for", "according to")
    say: bool = True  # may be inverted after a quotation
    takes_object: bool = False
    weak: bool = False  # needs a quotation in its clause
    participle: bool = False
    according: bool = False
    stance: Stance | None = None


def _forms(stem: str, *extra: str) -> list[str]:
    return [stem, *extra]


_VERBS: dict[str, tuple[list[str], CueKind]] = {}


def _add(forms: list[str], kind: CueKind) -> None:
    _VERBS[kind.name] = (forms, kind)


_add(["say", "says", "said"], CueKind("say"))
_add(["tell", "tells", "told"], CueKind("tell", takes_object=True))
_add(["add", "adds", "added"], CueKind("add"))
_add(["stress", "stresses", "stressed"], CueKind("stress"))
_add(["insist", "insists", "insisted"], CueKind("insist"))
_add(["affirm", "affirms", "affirmed"], CueKind("affirm"))
_add(["reaffirm", "reaffirms", "reaffirmed"], CueKind("reaffirm"))
_add(["announce", "announces", "announced"], CueKind("announce"))
_add(["declare", "declares", "declared"], CueKind("declare"))
_add(["stated"], CueKind("state"))
_add(["note", "notes", "noted"], CueKind("note"))
_add(["explain", "explains", "explained"], CueKind("explain"))
_add(["argue", "argues", "argued"], CueKind("argue"))
_add(["confirm", "confirms", "confirmed"], CueKind("confirm"))
_add(["admit", "admits", "admitted"], CueKind("admit"))
_add(["acknowledge", "acknowledges", "acknowledged"], CueKind("acknowledge"))
_add(["reply", "replies", "replied"], CueKind("reply"))
_add(["write", "writes", "wrote"], CueKind("write"))
_add(["tweet", "tweets", "tweeted"], CueKind("tweet"))
_add(["claim", "claims", "claimed"], CueKind("claim"))
_add(["assert", "asserts", "asserted"], CueKind("assert"))
_add(["reiterate", "reiterates", "reiterated"], CueKind("reiterate"))
_add(["emphasise", "emphasises", "emphasised", "emphasize", "emphasizes", "emphasized"], CueKind("emphasise"))
_add(["predict", "predicts", "predicted"], CueKind("predict"))
_add(["pledge", "pledges", "pledged"], CueKind("pledge"))
_add(["promise", "promises", "promised"], CueKind("promise"))
_add(["vow", "vows", "vowed"], CueKind("vow"))
_add(["warn", "warns", "warned"], CueKind("warn", takes_object=True))
_add(["threaten", "threatens", "threatened"], CueKind("threaten", takes_object=True, stance=Stance.THREATEN))
_add(["deny", "denies", "denied"], CueKind("deny"))
_add(["reject", "rejects", "rejected"], CueKind("reject", takes_object=True, stance=Stance.OPPOSE))
_add(["urge", "urges", "urged"], CueKind("urge", takes_object=True))
_add(["demand", "demands", "demanded"], CueKind("demand", stance=Stance.OPPOSE))
_add(["accuse", "accuses", "accused"], CueKind("accuse", takes_object=True, stance=Stance.OPPOSE))
_add(["blame", "blames", "blamed"], CueKind("blame", takes_object=True, stance=Stance.OPPOSE))
_add(["condemn", "condemns", "condemned"], CueKind("condemn", takes_object=True, stance=Stance.OPPOSE))
_add(["denounce", "denounces", "denounced"], CueKind("denounce", takes_object=True, stance=Stance.OPPOSE))
_add(["criticise", "criticises", "criticised", "criticize", "criticizes", "criticized"], CueKind("criticise", takes_object=True, stance=Stance.OPPOSE))
_add(["slam", "slams", "slammed"], CueKind("slam", takes_object=True, stance=Stance.OPPOSE))
_add(["praise", "praises", "praised"], CueKind("praise", takes_object=True, stance=Stance.SUPPORT))
_add(["welcome", "welcomes", "welcomed"], CueKind("welcome", takes_object=True, stance=Stance.SUPPORT, weak=True))
_add(["thank", "thanks", "thanked"], CueKind("thank", takes_object=True, stance=Stance.SUPPORT, weak=True))
_add(["inform", "informs", "informed"], CueKind("inform", takes_object=True))
_add(["assure", "assures", "assured"], CueKind("assure", takes_object=True))
_add(["concede", "concedes", "conceded"], CueKind("concede"))
_add(["suggest", "suggests", "suggested"], CueKind("suggest"))
_add(["complain", "complains", "complained"], CueKind("complain"))
_add(["contend", "contends", "contended"], CueKind("contend"))
_add(["caution", "cautions", "cautioned"], CueKind("caution"))
_add(["recall", "recalls", "recalled"], CueKind("recall", weak=True))
_add(["continue", "continues", "continued"], CueKind("continue", weak=True))
_add(["call", "calls", "called"], CueKind("call", takes_object=True, weak=True))
_add(["describe", "describes", "described"], CueKind("describe", takes_object=True, weak=True))
_add(["label", "labels", "labeled", "labelled"], CueKind("label", takes_object=True, weak=True))
_add(["ask", "asks", "asked"], CueKind("ask", takes_object=True, weak=True))
_add(["hold", "holds", "held"], CueKind("hold", takes_object=True, weak=True, stance=Stance.OPPOSE))

_PHRASES: list[tuple[str, CueKind]] = [
    (r"call(?:s|ed)?\s+for", CueKind("call for", stance=None)),
    (r"call(?:s|ed)?\s+on", CueKind("call on", takes_object=True)),
    (r"according\s+to", CueKind("according to", say=False, according=True)),
    (r"point(?:s|ed)?\s+out", CueKind("point out")),
    (r"put\s+it", CueKind("put it")),
]
_PARTICIPLES: dict[str, CueKind] = {
    "saying": CueKind("say", participle=True),
    "adding": CueKind("add", participle=True),
    "warning": CueKind("warn", participle=True, takes_object=True),
    "stressing": CueKind("stress", participle=True),
    "insisting": CueKind("insist", participle=True),
    "noting": CueKind("note", participle=True),
    "arguing": CueKind("argue", participle=True),
    "claiming": CueKind("claim", participle=True),
    "vowing": CueKind("vow", participle=True),
    "accusing": CueKind("accuse", participle=True, takes_object=True, stance=Stance.OPPOSE),
    "urging": CueKind("urge", participle=True, takes_object=True),
    "threatening": CueKind("threaten", participle=True, takes_object=True, stance=Stance.THREATEN),
    "denying": CueKind("deny", participle=True),
    "affirming": CueKind("affirm", participle=True),
    "declaring": CueKind("declare", participle=True),
    "describing": CueKind("describe", participle=True, takes_object=True, weak=True),
    "calling": CueKind("call", participle=True, takes_object=True, weak=True),
    "calling for": CueKind("call for", participle=True),
    "calling on": CueKind("call on", participle=True, takes_object=True),
    "blaming": CueKind("blame", participle=True, takes_object=True, stance=Stance.OPPOSE),
    "condemning": CueKind("condemn", participle=True, takes_object=True, stance=Stance.OPPOSE),
}

_word_to_kind: dict[str, CueKind] = {}
for _forms_list, _kind in _VERBS.values():
    for _f in _forms_list:
        _word_to_kind[_f] = _kind


_Trie = dict[str, "_Trie"]


def _trie_regex(words: list[str]) -> str:
    """One regex for many words, factored by common prefix (far faster than a flat alternation).

    Longer words are tried first at each branch, so the longest word wins, as in a
    flat alternation sorted by length.
    """
    trie: _Trie = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


_phrase_alternatives = [p for p, _ in _PHRASES] + [
    re.escape(p).replace(r"\ ", r"\s+") for p in _PARTICIPLES if " " in p
]
_word_alternatives = [w for w in _word_to_kind] + [p for p in _PARTICIPLES if " " not in p]
CUE_PATTERN = re.compile(
    r"\b(?:" + "|".join(sorted(_phrase_alternatives, key=len, reverse=True)) + "|" + _trie_regex(_word_alternatives) + r")\b",
    re.IGNORECASE,
)


_PHRASE_RES = [(re.compile(p), k) for p, k in _PHRASES]


def cue_kind(matched: str) -> CueKind:
    low = " ".join(matched.lower().split())
    if low in _PARTICIPLES:
        return _PARTICIPLES[low]
    for pattern, kind in _PHRASE_RES:
        if pattern.fullmatch(low):
            return kind
    return _word_to_kind[low]


# Words that, coming just before a verb, make it something other than a reporting act.
PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|is|are|be|get|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)

_NEG = re.compile(r"\b(?:not|no|never|n't|nor|without|neither|refrain\w*|avoid\w*|stop\w*)\b\W*(?:\w+\W+){0,2}$", re.I)

# Always a threat, whatever the tense ("will not go unpunished" is one, despite the "not").
_THREAT_STRONG = re.compile(
    r"\b(?:revenge|aveng\w*|vengeance|retaliat\w*|reprisal\w*|unpunished|hell\b|"
    r"pay\s+(?:a|the)\s+(?:heavy\s+)?price|cut\s+off\s+(?:his|her|their|your)|annihilat\w*|wipe\w*\s+out|"
    r"wage\w*\s+(?:a\s+)?war|not\s+be\s+less\s+than|crushing\s+(?:response|blow)|deadly\s+response)",
    re.IGNORECASE,
)
# Harm words that threaten only when the speaker promises them (will, ready to, expect, ...).
_HARM = r"(?:attack\w*|strik\w*|war\b|kill\w*|destroy\w*|target\w*|fight\w*|respon[sd]\w*|burn\w*|punish\w*|hit\w*|force\b)"
_THREAT_MODAL = re.compile(
    rf"\b(?:will|would|shall|'ll|going\s+to|ready\s+to|prepared\s+to|expect|time\s+(?:to|for)|vow\w*|promise\w*|"
    rf"warn\w*\s+of)\b(?:\W+\w+){{0,6}}?\W+{_HARM}",
    re.IGNORECASE,
)
_OPPOSE = re.compile(
    r"\b(?:condemn\w*|denounc\w*|denunciation\w*|accus\w*|blam\w*|reject\w*|criticis\w*|criticiz\w*|"
    r"oppos\w*|violat\w*|aggression|occupation|contempt|disdain|responsible\s+for|"
    r"hold\w*\s+(?:\w+\s+){0,4}responsible|must\s+(?:not|stop|end|cease)|should\s+not|"
    r"cease|end\s+the\s+presence|undermin\w*|coward\w*|terroris\w*|criminal|crimes?\b|"
    r"idiocy|interfer\w*|complicity|destabili\w*|reckless\w*|flagrant\w*|spies|"
    r"not\s+to\s+test|dangerous|failures?\b|lies\b|illegal|unacceptable|"
    r"(?:must|should|demand\w*|call\w*\s+for|urg\w*|request\w*|need\s+for|immediate)\b(?:\W+\w+){0,8}?\W+"
    r"(?:withdraw\w*|leave|exit|departure|expel\w*|ous\w*|out\s+of))",
    re.IGNORECASE,
)
_SUPPORT = re.compile(
    r"\b(?:prais\w*|welcom\w*|support\w*|defend\w*|endors\w*|thank\w*|ally|allies|allied|"
    r"right\s+(?:of|to)|respect\w*|solidarity|stand\s+(?:with|by)|commend\w*|applaud\w*|congratulat\w*|"
    r"prestige|sovereignty\s+and\s+independence)",
    re.IGNORECASE,
)


# "claimed responsibility for the attacks": a group claiming a strike it carried out (ANNOTATION: threaten)
_CLAIMED_STRIKE = re.compile(
    r"\s*(?:full\s+)?(?:responsibility|credit)\s+for\b(?:\W+\w+){0,6}?\W+(?:attack\w*|strike\w*|bombing\w*|assault\w*|"
    r"shelling|killing\w*|explosion\w*|raid\w*|ambush\w*|rocket\w*|drone\w*|missile\w*)",
    re.IGNORECASE,
)


def _hits(pattern: re.Pattern[str], text: str) -> bool:
    return any(not _NEG.search(text[:m.start()][-40:]) for m in pattern.finditer(text))


def stance_of(clause: str, cue: CueKind | None, *, has_target: bool = True) -> Stance:
    """The lexicon's stance for a reported clause (see module docstring).

    ``has_target`` is kept for callers that want neutral without a target; the rules
    report the lexicon's reading either way (a threat with no named target is still one).
    """
    if cue is not None and cue.name == "deny":
        return Stance.NEUTRAL
    found: set[Stance] = set()
    if cue is not None and cue.stance is not None:
        found.add(cue.stance)
    if _THREAT_STRONG.search(clause) or _hits(_THREAT_MODAL, clause) or (
        cue is not None and cue.name == "claim" and _CLAIMED_STRIKE.match(clause)
    ):
        found.add(Stance.THREATEN)
    if _hits(_OPPOSE, clause) or (cue is not None and cue.name in ("call on", "urge", "demand")):
        found.add(Stance.OPPOSE)
    if _hits(_SUPPORT, clause):
        found.add(Stance.SUPPORT)
    for stance in (Stance.THREATEN, Stance.OPPOSE, Stance.SUPPORT):
        if stance in found:
            return stance
    return Stance.NEUTRAL
