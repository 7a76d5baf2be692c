"""Typed working state of one parse, the parser's result, and the cue words its steps share."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lexicon import STOPWORDS, Token
from ..linking import Mention, SchemaIndex, TableInfo
from ..plan import Cond, Plan

BOUNDARY = frozenset("who whose that which where with without having has have had whom when if whether".split())
AUX = frozenset("do does did is are was were can could will".split())
ADP = frozenset("from in on for by at between since during before after under over above below except".split())
NEGATIONS = frozenset("no not without never none nobody t".split())
LIKE_CUES = frozenset("contain contains containing substring include includes including like word phrase string letter".split())
ORDER_CUES = frozenset("order ordered sort sorted sorting rank ranked arrange arranged".split())
DESC_CUES = frozenset("descending decreasing desc reverse reversed reversely".split())
ASC_CUES = frozenset("ascending increasing asc alphabetical alphabetically lexicographical lexicographically".split())
COMMON_CUES = frozenset("common frequent popular usual typical".split())
# 'which coupon code was used most often': the adverb after "most" asks for the most common value, like COMMON_CUES
FREQUENCY_ADVERBS = frozenset("often frequently times".split())  # "given the most times" as "most often"
PARTICIPLES = frozenset(
    "made built written held run done taken given known led won sold seen bought taught drawn grown shown "
    "owned driven spoken chosen stolen hit kept paid sent spent lost found".split()
)
QUESTION_START = frozenset("what which who whom how list show find give return tell display get count please name compute".split())


@dataclass
class Parsed:
    """Parser output: a plan, or what could not be understood."""

    plan: Plan | None
    understood: bool
    problems: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    confidence: float = 1.0
    readings: list[str] = field(default_factory=list)  # closest readings offered with a clarifying question


@dataclass
class Ctx:
    """Working state of one parse."""

    toks: list[Token]
    ments: list[Mention]
    index: SchemaIndex
    used: set[int] = field(default_factory=set)  # ids of consumed mentions
    plan: Plan = field(default_factory=Plan)
    assumptions: list[str] = field(default_factory=list)
    root: TableInfo | None = None
    head_tables: list[TableInfo] = field(default_factory=list)
    group_targets: list[tuple[Mention, str]] = field(default_factory=list)
    qual_tables: list[tuple[int, TableInfo]] = field(default_factory=list)
    existence: list[str] = field(default_factory=list)
    agg_present: bool = False
    lead_clause: tuple[int, int] | None = None  # 'For the X with Y,' before the question proper
    consumed: set[int] = field(default_factory=set)  # token positions already read by a finder
    lead_table: TableInfo | None = None  # subject of a first sentence when a later one lists the columns
    head_break: int | None = None  # token where that later sentence starts
    head: tuple[int, int] | None = None  # token range of the projection phrase
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # id(cond) -> tokens it was read from
    # tables whose rows a condition or ranking counts or sums per asked-for entity ('more than 2 orders'):
    # assembly groups by that entity when nothing else does
    per_entity: list[str] = field(default_factory=list)
    intersect_cond: Cond | None = None  # a condition that cannot hold on the same row as the others: INTERSECT
    except_cond: Cond | None = None  # a negated condition read as EXCEPT
    doubts: list[str] = field(default_factory=list)  # why no reading can be trusted (the engine asks instead)

    words: list[str] = field(init=False)  # the tokens' lower-case text, read by every step (never mutated)

    def __post_init__(self) -> None:
        self.words = [t.low for t in self.toks]

    def at(self, i: int) -> Mention | None:
        return next((m for m in self.ments if m.start <= i < m.end), None)

    def gap_before(self, m: Mention, k: int = 4) -> list[str]:
        """Words between the previous mention and ``m`` (at most k, nearest last)."""
        prev_end = max([x.end for x in self.ments if x.end <= m.start] or [0])
        return self.words[max(prev_end, m.start - k) : m.start]

    def words_before(self, i: int, k: int) -> list[str]:
        return self.words[max(0, i - k) : i]

    def words_after(self, i: int, k: int) -> list[str]:
        return self.words[i : i + k]

    def next_mention(self, i: int, kinds: tuple[str, ...] = ("table", "column", "value", "number"), skip: int = 4) -> Mention | None:
        m = next((x for x in self.ments if x.start >= i and x.kind in kinds), None)
        if m is None:
            return None
        between = [w for w in self.words[i : m.start] if w not in STOPWORDS]
        return m if len(between) <= skip else None

    def prev_mention(self, i: int, kinds: tuple[str, ...] = ("column",), skip: int = 4) -> Mention | None:
        cands = [x for x in self.ments if x.end <= i and x.kind in kinds]
        if not cands:
            return None
        m = cands[-1]
        between = [w for w in self.words[m.end : i] if w not in STOPWORDS]
        return m if len(between) <= skip else None
