"""Boolean flags the linker leaves unlinked ('dogs who have been abandoned' -> abandoned_yn = 1), and notes that
only explain how a flag is stored ('1 stands for yes, and 0 stands for no'), which are not conditions."""

from __future__ import annotations

from services.common.column_roles import is_flag_values, stored_truth

from ..lexicon import FINISHED_WORDS, FLAG_AFFIXES, NEGATING_PREFIXES, flag_truth, singular, stem
from ..linking import ColumnInfo, Mention, SchemaIndex, TableInfo
from ..plan import Cond, Plan
from .columns import tables_in_question
from .compare import add_where
from .state import Ctx

ENCODING_VERBS = (("stands", "for"), ("stand", "for"), ("means",), ("mean",), ("denotes",), ("is", "for"))
TRUTH_WORDS = frozenset("yes no true false y n".split())
NEGATIONS = frozenset("not never no non t".split())  # "hasn't" tokenises to 'hasn', 't'


def encoding_note(words: list[str], end: int) -> int:
    """Length of an encoding note ('stands for yes') starting at ``end``, right after a number; 0 when none."""
    after = words[end : end + 3]
    for verb in ENCODING_VERBS:
        n = len(verb)
        if tuple(after[:n]) == verb and after[n : n + 1] and after[n] in TRUTH_WORDS:
            return n + 1
    return 0


def skip_encoding_notes(ctx: Ctx) -> None:
    """'1 stands for yes': the number explains a stored code; it constrains nothing."""
    for m in ctx.ments:
        if m.kind != "number" or id(m) in ctx.used:
            continue
        n = encoding_note(ctx.words, m.end)
        if n:
            ctx.used.add(id(m))
            ctx.consumed.update(range(m.start, m.end + n))


def find_flags(ctx: Ctx) -> None:
    """An unlinked word naming a flag column of a table the question is about: that flag is true (false when
    negated right before)."""
    tables = _question_tables(ctx)
    if not tables:
        return
    linked = {i for m in ctx.ments for i in range(m.start, m.end)}
    for i, tok in enumerate(ctx.toks):
        if i in linked or i in ctx.consumed or tok.number is not None or tok.quoted or len(tok.low) < 4:
            continue
        named = _flag_named(tables, tok.low, tok.lemma)
        if named is None:
            continue
        col, says_yes = named
        negated = any(w in NEGATIONS for w in ctx.words[max(0, i - 3) : i])
        value = _stored_truth(col, says_yes != negated)
        if value is None:
            continue
        ctx.consumed.add(i)
        if col.table not in ctx.plan.tables and (ctx.root is None or ctx.root.name != col.table):
            ctx.plan.tables.append(col.table)
        add_where(ctx, Cond(col.table, col.name, "=", value, text=tok.text))
        ctx.assumptions.append(f"'{tok.text}' is read as {col.key} = {value!r}")


# 'How many locations do we run?': the present tense of these verbs after 'we' says which rows the business holds now
HOLDING_NOW = frozenset("run runs operate operates manage manages".split())


def find_held_now(ctx: Ctx) -> None:
    """'How many locations do we run?', 'which gyms do we operate': the business runs the rows it runs now, so a
    table with one yes/no column that says a row is active keeps the active rows (a table without one keeps all,
    'how many properties do we manage'). Only 'we' + a present-tense verb, and only when nothing else in the
    question already reads that flag."""
    at = next((i for i in range(1, len(ctx.words)) if ctx.words[i] in HOLDING_NOW and ctx.words[i - 1] == "we"), None)
    if at is None or any(w in NEGATIONS for w in ctx.words):
        return
    _set_active(ctx, [at], True, f"'we {ctx.toks[at].text}' keeps the rows running now")


def find_no_longer(ctx: Ctx) -> None:
    """'Which plans are no longer offered?', 'products we no longer sell': rows that stopped are the ones the
    table's one active flag says are not active (whatever verb says what they stopped doing)."""
    at = next((i for i in range(len(ctx.words) - 2) if ctx.words[i : i + 2] == ["no", "longer"]), None)
    if at is None:
        return
    nxt = next((k for k in range(at + 2, min(at + 5, len(ctx.toks))) if ctx.toks[k].low.isalpha()
                and ctx.toks[k].low not in ("we", "be", "being", "been")), None)
    if nxt is None or any(m.start <= nxt < m.end for m in ctx.ments) and "active" not in ctx.words[nxt]:
        return  # 'no longer in the Leeds office': a value or column said next is read by its own finder
    _set_active(ctx, list(range(at, nxt + 1)), False, f"'{' '.join(ctx.words[at : nxt + 1])}' keeps the stopped rows")


def find_agent_flags(ctx: Ctx) -> None:
    """'members who hold a key' over is_key_holder, 'customers who own a home' over home_owner_flag: a verb and
    its object said the other way round by a yes/no column named '<object> <verb>er' is that flag (yes; no when
    negated right before the verb)."""
    tables = _question_tables(ctx)
    lemmas = [t.lemma for t in ctx.toks]
    for t in tables:
        for c in t.columns:
            own = [w for w in c.words if w not in FLAG_AFFIXES]
            if c.is_pk or c.fk is not None or len(own) != 2 or not own[1].endswith("er") or not _is_flag(c):
                continue
            verb = next((i for i, lem in enumerate(lemmas) if len(lem) >= 3 and own[1] in (lem + "er", lem + "r")
                         and i not in ctx.consumed), None)
            if verb is None or any(c.column == cond.column for g in ctx.plan.where for cond in g):
                continue
            obj = next((k for k in range(verb + 1, min(verb + 4, len(ctx.toks)))
                        if ctx.toks[k].lemma == own[0] or singular(ctx.toks[k].low) == own[0]), None)
            if obj is None or obj in ctx.consumed:
                continue
            negated = any(w in NEGATIONS for w in ctx.words[max(0, verb - 3) : verb])
            value = _stored_truth(c, not negated)
            if value is None:
                continue
            ctx.consumed.update(range(verb, obj + 1))
            for m in ctx.ments:  # the verb linked to this flag by itself is read here, not as a column to show
                if m.start <= verb < m.end and m.kind == "column" and m.columns and m.columns[0][0] is c:
                    ctx.used.add(id(m))
            add_where(ctx, Cond(c.table, c.name, "=", value, text=" ".join(ctx.words[verb : obj + 1])))
            ctx.assumptions.append(f"'{' '.join(ctx.words[verb : obj + 1])}' is read as {c.key} = {value!r}")
            return


def find_neighbour_flags(ctx: Ctx) -> None:
    """'How many users have opted in to marketing emails?' where the flag marketing_opt_in sits on the users'
    profiles: a yes/no column of a table that refers to the root table, every content word of whose name the
    question says (any inflection: 'opted' ~ opt) and nothing else reads, is a condition on the root's rows through
    that table (yes; no when negated)."""
    if ctx.root is None:
        return
    root = ctx.root.name.lower()
    free = [i for i, t in enumerate(ctx.toks) if i not in ctx.consumed and not t.quoted and t.number is None]
    for t in ctx.index.tables:
        if t.name == ctx.root.name or not any(c.fk is not None and c.fk[0].lower() == root for c in t.columns):
            continue
        for c in t.columns:
            own = [w for w in c.words if w not in FLAG_AFFIXES and len(w) >= 3]
            if c.is_pk or c.fk is not None or len(own) < 2 or not _is_flag(c):
                continue
            hits = [next((i for i in free if ctx.toks[i].lemma == w or stem(ctx.words[i]) == stem(w)), None) for w in own]
            if any(h is None for h in hits) or any(c.column == cond.column for g in ctx.plan.where for cond in g):
                continue
            at = sorted(h for h in hits if h is not None)
            negated = any(w in NEGATIONS for w in ctx.words[max(0, at[0] - 3) : at[0]])
            value = _stored_truth(c, not negated)
            if value is None:
                continue
            ctx.consumed.update(at)
            if c.table not in ctx.plan.tables:
                ctx.plan.tables.append(c.table)
            add_where(ctx, Cond(c.table, c.name, "=", value, text=" ".join(ctx.words[k] for k in at)))
            ctx.assumptions.append(f"'{' '.join(ctx.words[k] for k in at)}' is read as {c.key} = {value!r}")
            return


def _set_active(ctx: Ctx, span: list[int], truth: bool, why: str) -> None:
    """The condition that the root table's one active flag says ``truth``, read from the words at ``span``."""
    if ctx.root is None:
        return
    flags = [c for c in ctx.root.columns if not c.is_pk and c.fk is None and _is_flag(c) and "active" in c.words
             and not {"inactive", "deactivated"} & set(c.words)]
    if len(flags) != 1 or any(c.column == flags[0].name for g in ctx.plan.where for c in g):
        return
    value = _stored_truth(flags[0], truth)
    if value is None:
        return
    ctx.consumed.update(span)
    add_where(ctx, Cond(flags[0].table, flags[0].name, "=", value, text=" ".join(ctx.toks[k].text for k in span)))
    ctx.assumptions.append(f"{why}: {flags[0].key} = {value!r}")


def find_adjective_flags(ctx: Ctx) -> None:
    """'list the vegetarian mains': a flag column's word right before the noun it describes (a table or a value)
    is a condition (the flag says yes), not a column to show; runs before the projection is read."""
    starts = {m.start: m for m in ctx.ments}
    for m in ctx.ments:
        if m.kind == "column" and m.columns and m.end - m.start == 2 and id(m) not in ctx.used:
            _flag_before_own_rows(ctx, m)
            continue
        if m.kind == "column" and m.columns and m.end - m.start >= 3 and id(m) not in ctx.used:
            _flag_phrase(ctx, m)
            continue
        if m.kind != "column" or not m.columns or m.end - m.start != 1 or id(m) in ctx.used:
            continue
        col = m.columns[0][0]
        nxt = starts.get(m.end)
        if col.is_pk or col.fk is not None or not _is_flag(col):
            continue
        said = ctx.toks[m.start]
        if m.columns[0][1] < 0.9 and said.low != said.lemma and said.low.endswith("s") \
                and flag_truth([w for w in col.words if w not in FLAG_AFFIXES], said.low, said.lemma) is None:
            continue  # 'payments failed' loosely linked to a Paid flag: a plural noun, not the flag's own word
        if nxt is None:  # or an unlinked plural noun: 'vegetarian items' where only 'Menu Items' names the table
            tok = ctx.toks[m.end] if m.end < len(ctx.toks) else None
            inside = any(x.start <= m.end < x.end for x in ctx.ments)
            if tok is None or inside or tok.number is not None or tok.lemma == tok.low or not tok.low.endswith("s"):
                continue
        elif nxt.kind not in ("table", "value"):
            continue
        before = ctx.words[m.start - 1] if m.start else ""
        if before in ("is", "are", "was", "were", "whether", "if") or before in ("by", "per", "each") and (
                nxt is None or nxt.kind != "table"):
            continue  # 'is it vegetarian', 'by vegetarian status': the flag itself is asked about ('taught by
            # verified instructors' describes the rows named next)
        negated = any(w in NEGATIONS for w in ctx.words[max(0, m.start - 2) : m.start])
        value = _stored_truth(col, not negated)
        if value is None:
            continue
        ctx.used.add(id(m))
        ctx.consumed.add(m.start)
        if col.table not in ctx.plan.tables and (ctx.root is None or ctx.root.name != col.table):
            ctx.plan.tables.append(col.table)
        add_where(ctx, Cond(col.table, col.name, "=", value, text=m.text))
        ctx.assumptions.append(f"'{m.text}' is read as {col.key} = {value!r}")


CLAUSE_WORDS = frozenset("that which who whose with have has having give gives offer offers include includes".split())


def _flag_phrase(ctx: Ctx, m: Mention) -> None:
    """'plans that give access to all clubs' linked as a phrase to ysnAllClubAccess: a yes/no column said as a
    clause about the rows ('that ...', 'with ...') is a condition (the flag says yes, no when negated), not a column
    to show."""
    col = m.columns[0][0]
    if col.is_pk or col.fk is not None or not _is_flag(col):
        return
    before = ctx.words[max(0, m.start - 3) : m.start]
    if not set(before) & CLAUSE_WORDS:
        return
    value = _stored_truth(col, not set(before) & NEGATIONS)
    if value is None:
        return
    ctx.used.add(id(m))
    ctx.consumed.update(range(m.start, m.end))
    if col.table not in ctx.plan.tables and (ctx.root is None or ctx.root.name != col.table):
        ctx.plan.tables.append(col.table)
    add_where(ctx, Cond(col.table, col.name, "=", value, text=m.text))
    ctx.assumptions.append(f"'{m.text}' is read as {col.key} = {value!r}")


def _flag_before_own_rows(ctx: Ctx, m: Mention) -> None:
    """'premium users' linked as one span to users.isPremium: the flag's word before the plural noun of its own
    table describes those rows (the flag says yes), it is not a column to show."""
    col = m.columns[0][0]
    noun = ctx.toks[m.start + 1]
    t = ctx.index.table(col.table)
    if t is None or col.is_pk or col.fk is not None or not _is_flag(col) or noun.lemma == noun.low:
        return
    own = [w for w in col.words if w not in FLAG_AFFIXES]
    # 'preferred customers' over account.preferredcustomer: the flag's own name ends in the noun, and the question
    # names no other table, so the noun is the flag's rows (whatever the table is called)
    spelled = len(own) == 2 and noun.lemma == own[-1] and not any(
        x.kind == "table" for x in ctx.ments if x is not m)
    if not spelled and (not t.key_words or noun.lemma not in (t.key_words[-1], singular(t.key_words[-1]))):
        return
    says_yes = flag_truth(own[:1] if spelled else own[-1:], ctx.toks[m.start].low, ctx.toks[m.start].lemma)
    negated = m.start > 0 and ctx.words[m.start - 1] in NEGATIONS
    value = None if says_yes is None else _stored_truth(col, says_yes != negated)
    if value is None:
        return
    ctx.ments[ctx.ments.index(m)] = Mention("table", m.start + 1, m.end, noun.text, tables=[(t, 1.0)])
    ctx.consumed.add(m.start)  # the noun stays a mention of its table: the rows the question is about
    add_where(ctx, Cond(col.table, col.name, "=", value, text=m.text))
    ctx.assumptions.append(f"'{m.text}' is read as {col.key} = {value!r}")


def _question_tables(ctx: Ctx) -> list[TableInfo]:
    out = ([ctx.root] if ctx.root is not None else []) + tables_in_question(ctx)
    seen: set[str] = set()
    return [t for t in out if not (t.name in seen or seen.add(t.name))]  # type: ignore[func-returns-value]


def _flag_named(tables: list[TableInfo], low: str, lemma: str) -> tuple[ColumnInfo, bool] | None:
    """The one flag column (two stored values) whose name, without flag affixes, is this word, and whether the
    word says it holds ('verified') or its opposite ('unverified', 'inactive', 'failed' over passed)."""
    found: list[tuple[ColumnInfo, bool]] = []
    for t in tables:
        for c in t.columns:
            if c.is_pk or c.fk is not None or not _is_flag(c):
                continue
            truth = flag_truth([w for w in c.words if w not in FLAG_AFFIXES], low, lemma)
            if truth is not None:
                found.append((c, truth))
    return found[0] if len(found) == 1 else None


def _is_flag(c: ColumnInfo) -> bool:
    if c.kind == "bool":
        return True
    return c.complete and is_flag_values({s.strip().lower() for s in c.samples})


def _stored_truth(c: ColumnInfo, truth: bool) -> object | None:
    """The stored value meaning yes (or no): 1/0, -1/0, true/false, 'Y'/'N', 'yes'/'no'."""
    if c.kind == "bool":
        return truth
    v = stored_truth(c.samples, truth)
    if v is None:
        return None
    return int(v) if c.kind == "num" and v.strip().lstrip("-").isdigit() else v  # '1' in a text column


def finished_outcome(plan: Plan, index: SchemaIndex) -> str | None:
    """'lost deals' read as is_won = false over a table that also keeps whether a row is finished (``IsClosed``):
    a deal still open is not won but not lost either, so the outcome's opposite keeps only the finished rows
    (closed = yes). Only for a word that says the opposite ('lost', 'lose'), not a negation ('not won', which
    includes the open ones). Returns the note, or None."""
    for group in plan.where:
        if len(group) != 1:
            continue
        cond = group[0]
        col = index.column(cond.table or "", cond.column or "") if cond.op == "=" else None
        word = cond.text.lower()
        if col is None or not _is_flag(col) or not word.isalpha() or _stored_truth(col, False) != cond.value:
            continue
        core = [w for w in col.words if w not in FLAG_AFFIXES]
        if flag_truth(core, word, singular(word)) is not False or any(word.startswith(p) for p in NEGATING_PREFIXES):
            continue
        t = index.table(col.table)
        done = [c for c in (t.columns if t is not None else []) if c is not col and _is_flag(c) and len(
            own := [w for w in c.words if w not in FLAG_AFFIXES]) == 1 and own[0] in FINISHED_WORDS]
        if len(done) != 1 or any(c.column == done[0].name for g in plan.where for c in g):
            continue
        value = _stored_truth(done[0], True)
        if value is None:
            continue
        plan.where.append([Cond(col.table, done[0].name, "=", value, text=cond.text)])
        return f"'{cond.text}' keeps the finished rows only ({done[0].key} = {value!r}): an open one is not {word} yet"
    return None
