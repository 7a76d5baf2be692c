"""OfflineAnalyst: deterministic question -> SQL -> answer, with no model and no network."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from sqlglot import exp

from services.common.errors import DomainError

from ..types import AnalystAnswer, AnswerPart, Mode, QueryResult, Schema, Toolbox, Turn
from .codelabels import Labels, LabelTable, find_label_table, label_sql, read_labels
from .followup import apply_followup, looks_like_followup
from .lexicon import load_language_data, tokenize
from .linking import ColumnInfo, SchemaIndex, _value_key, build_index, fuzzy_candidates, link, prefer_column_named_elsewhere, \
    probe_candidates
from .parse import Parsed, parse
from .parse.flags import finished_outcome
from .plan import STATE_VERSION, Plan
from .selfjoin import role_key_plan, self_join_plan
from .business import (
    AmbiguousPath, aggregate_cue, business_plan, contradictory_dates, dropped_grouping, dropped_superlative, dropped_words,
    code_shown_by_description, hide_soft_deleted, skip_empty_mode, how_much_of_many, is_aggregate, key_shown_by_label,
    lost_average, lost_total, missing_operation,
    ranking_mismatch, total_of_listed_money, unnamed_bridges, unsupported_cue, who_spent, with_full_names,
)
from .semantic import SemanticModel, build_model
from .shapes import analytic_shape
from .ties import tie_note
from .trust import doubt, empty_answer, no_data_in_period, period_columns, period_overlaps, unsure
from .report import chart_for, deep_report, suggestions, title_for
from .narrate import ambiguity_assumptions, answer_sentence, definition_assumptions, join_assumptions, reading_line
from .sqlgen import PlanError, ident, join_plan, render
from .units import convert_units

log = logging.getLogger(__name__)

MAX_PROBE_COLUMNS = 60


def _reading_via(question: str, toks: list[Any], index: SchemaIndex, target: str, via: str) -> str:
    """The question with the path named ('orders per shop' -> 'orders per customer shop'), which reads as
    one path (a key column of the via table)."""
    words = index.table(target).words if index.table(target) else ()  # type: ignore[union-attr]
    t = next((t for t in toks if t.lemma in words), None)
    if t is None:
        return f"{question.rstrip('?. ')} through the {via}"
    return question[: t.start] + f"{via} " + question[t.start :]


def _grouped_readings(plan: Plan, index: SchemaIndex, grouping: str, toks: list[Any], ments: list[Any]) -> list[str]:
    """Closest grouped readings of a list the question asked to group: a count per group, then the list sorted;
    when the grouping names nothing in the data, the questions this schema can answer."""
    t = index.table(plan.root or "")
    noun = " ".join(t.words) if t is not None else "rows"
    first = grouping.split()[0].lower()
    at = next((i for i, x in enumerate(toks) if x.low == first), None)
    linked = at is not None and any(m.start == at + 1 and m.kind in ("table", "column") for m in ments)
    if not linked or plan.select and any(it.agg for it in plan.select):
        return suggestions(index)[:3]
    rest = grouping.split(" ", 1)[1]
    return [f"number of {noun} {grouping}", f"{noun} sorted by {rest}"] + suggestions(index)[:1]


class OfflineAnalyst:
    """The embedded default engine (implements the ``Analyst`` protocol).

    Holds a per-schema index cache on the instance (not module state) so repeated
    questions on one connection do not re-index the catalog.
    """

    def __init__(self, max_cached_schemas: int = 16) -> None:
        load_language_data()  # a worker process pays this when it starts, not in its first answer
        self._indexes: dict[str, SchemaIndex] = {}
        self._label_tables: dict[str, LabelTable | None] = {}  # per schema: found from the catalog, read per asker
        self._models: dict[int, SemanticModel] = {}
        self._max = max_cached_schemas

    async def answer(
        self,
        question: str,
        *,
        toolbox: Toolbox,
        history: list[Turn],
        state: dict[str, Any],
        mode: Mode,
        deep: bool,
    ) -> AnalystAnswer:
        schema = await toolbox.schema()
        index = await self._labelled_index(schema, toolbox)
        previous = Plan.from_dict(state["plan"]) if state.get("plan") and state.get("v") == STATE_VERSION else None
        if previous is not None and looks_like_followup(question, index):
            follow = await self._followup(question, previous, index, toolbox, schema, state)
            if follow is not None:
                return follow
        parsed = await self.understand(question, index, toolbox)
        if not parsed.understood or parsed.plan is None:
            return self._not_understood(question, parsed, index)
        if deep:
            return await deep_report(question, parsed.plan, index, toolbox, schema.dialect, parsed.assumptions)
        return await self._answer_plan(question, parsed.plan, index, toolbox, schema.dialect, parsed.assumptions)

    # ------------------------------------------------------------ pieces

    async def _labelled_index(self, schema: Schema, toolbox: Toolbox) -> SchemaIndex:
        """The schema's index, with the labels of a code-label table when the schema has one (``codelabels``). The
        labels are read for every question with the asker's rights and the index is kept per schema *and* labels:
        workers serve every asker, so an index built from one asker's rows must never answer another's (one who may
        read other rows, or none). A failed read indexes the schema without labels."""
        sig = self._sig(schema)
        if sig not in self._label_tables:  # a scan of every table's samples: once per schema, not per question
            if len(self._label_tables) >= self._max:
                self._label_tables.pop(next(iter(self._label_tables)))
            self._label_tables[sig] = find_label_table(schema)
        lt = self._label_tables[sig]
        if lt is None:
            return self._index(schema, sig=sig)
        try:
            res = await toolbox.run_sql(label_sql(lt))
        except DomainError:
            log.warning("could not read the code-label table %s", lt.table)
            return self._index(schema, sig=sig)
        rows = [tuple(r) for r in res.rows]
        return self._index(schema, read_labels(schema, lt, rows), hashlib.sha1(repr(rows).encode()).hexdigest(), sig)

    @staticmethod
    def _sig(schema: Schema) -> str:
        return hashlib.sha1(
            repr((schema.connection_id, schema.dialect, [(t.name, len(t.columns), t.row_count) for t in schema.tables],
                  [(c.name, c.role, c.synonyms) for t in schema.tables for c in t.columns if c.role or c.synonyms])).encode()
        ).hexdigest()

    def _index(self, schema: Schema, labels: Labels | None = None, labels_key: str = "",
               sig: str | None = None) -> SchemaIndex:
        sig = (sig or self._sig(schema)) + labels_key
        idx = self._indexes.get(sig)
        if idx is None:
            if len(self._indexes) >= self._max:
                self._indexes.pop(next(iter(self._indexes)))
            idx = build_index(schema, labels)
            self._indexes[sig] = idx
        return idx

    def model(self, index: SchemaIndex) -> SemanticModel:
        """The semantic model (column roles) of an indexed schema, built once per index."""
        m = self._models.get(id(index))
        if m is None or m.index is not index:
            if len(self._models) >= self._max:
                self._models.pop(next(iter(self._models)))
            m = self._models[id(index)] = build_model(index)
        return m

    async def _linked(self, question: str, index: SchemaIndex, toolbox: Toolbox) -> tuple[Any, Any]:
        """Tokens and their schema links, re-linked once with literals found by probing the data."""
        toks = tokenize(question)
        ments = link(toks, index)
        phrases = probe_candidates(toks, ments, index)
        found = await self.probe(phrases, index, toolbox) if phrases else {}
        if found or fuzzy_candidates(toks, ments):
            ments = link(toks, index, found, fuzzy=True)  # exact literals first, then close misspellings
        prefer_column_named_elsewhere(toks, ments)
        return toks, ments

    async def understand(self, question: str, index: SchemaIndex, toolbox: Toolbox) -> Parsed:  # noqa: C901
        """Tokenise, link (probing the data for unknown literals) and parse."""
        self.model(index)  # before linking: building it may add a derived measure (revenue) that words link to
        toks, ments = await self._linked(question, index, toolbox)
        own = self_join_plan(toks, ments, index, self.model(index)) or role_key_plan(toks, ments, index)
        if own is not None:  # a table's key to itself: the business reader has no second copy of a table
            worry = doubt(toks, ments, own[0], index) or unsure(toks, ments, own[0], index, "business")
            if worry is not None:
                return Parsed(None, False, problems=[worry.problem], readings=worry.readings or suggestions(index)[:3])
            return Parsed(own[0], True, assumptions=own[1])
        try:
            business = business_plan(toks, ments, index, self.model(index))
        except AmbiguousPath as amb:
            said = {t: " ".join(index.table(t).words) if index.table(t) else t for t in [amb.target, *amb.vias]}  # type: ignore[union-attr]
            vias = " or ".join(f"the {said[v]}" for v in amb.vias[:3])
            return Parsed(None, False, problems=[
                f"I can reach {said[amb.target]} from the data in more than one way (through {vias}), "
                "and each gives different numbers. Which one do you mean?"],
                readings=[_reading_via(question, toks, index, amb.target, said[v]) for v in amb.vias[:3]])
        except (AttributeError, IndexError, KeyError, TypeError, ValueError):
            # a defect in the business reader must not fail the answer: the sentence parser still reads it
            log.exception("business reader failed; falling back to the sentence parser")
            business = None
        if business is not None:
            plan, notes = business
            summed = total_of_listed_money(toks, plan, self.model(index))
            if summed:
                notes = notes + [f"'{summed}' adds up the amounts"]
            notes = notes + convert_units(toks, plan, index)
            worry = doubt(toks, ments, plan, index) or unsure(toks, ments, plan, index, "business")
            if worry is not None:
                return Parsed(None, False, problems=[worry.problem], readings=worry.readings or suggestions(index)[:3])
            lost = lost_total(toks, ments, plan)
            if lost is not None:  # 'the total value of orders in 2023' read as a list of orders
                return Parsed(None, False, problems=[
                    f"My only reading of this loses '{lost}' (it adds nothing up), so it would answer another "
                    "question. Which amount should I add up?"], readings=suggestions(index)[:3])
            if lost_average(toks, ments, plan) is not None:
                return Parsed(None, False, problems=[
                    "The question asks for an average, but my only reading computes none, so it would answer another "
                    "question. Which amount should I average, and over what?"], readings=suggestions(index)[:3])
            code_shown_by_description(plan, index)
            hidden = hide_soft_deleted(toks, plan, index)
            empty = skip_empty_mode(plan, index)
            finished = finished_outcome(plan, index)
            return Parsed(plan, True, assumptions=notes + [n for n in (hidden, empty, finished) if n] + ambiguity_assumptions(ments, plan))
        who = who_spent(toks, ments, index, self.model(index))
        if who:  # 'who spent the most': which kind of row 'who' is is not said; offer each
            return Parsed(None, False, problems=[
                "'Who' could be any of several things the amounts add up to here. Which do you mean?"], readings=who)
        parsed = parse(toks, ments, index)
        shaped = analytic_shape(toks, ments, index, parsed.plan if parsed.understood else None)
        if shaped is not None:
            plan, notes = shaped
            parsed = Parsed(plan, True, assumptions=[a for a in parsed.assumptions if "is read as" in a] + notes)
        if parsed.plan is not None:
            summed = total_of_listed_money(toks, parsed.plan, self.model(index))
            if summed:
                parsed.assumptions.append(f"'{summed}' adds up the amounts")
            cue = aggregate_cue(toks, ments) or how_much_of_many(toks, parsed.plan)
            if cue is not None and not is_aggregate(parsed.plan):
                return self._clarify_aggregate(cue, ments, index)
            key_shown_by_label(parsed.plan, index)
            code_shown_by_description(parsed.plan, index)
            with_full_names(parsed.plan, index, toks)
            missing = unsupported_cue(toks, ments, parsed.plan)
            if missing is not None:
                return Parsed(None, False, problems=[
                    f"The question asks for {missing}, which I cannot compute yet; I would rather not answer with "
                    "something else. Try a total, an average or a breakdown instead."], readings=suggestions(index)[:3])
            bridges = unnamed_bridges(ments, parsed.plan, index)
            if len(bridges) >= 2:
                said = ", ".join(" ".join(index.table(t).words) for t in bridges if index.table(t))  # type: ignore[union-attr]
                return Parsed(None, False, problems=[
                    f"My only reading of this joins through {said}, which the question does not mention, so it is "
                    "probably not what you mean. Could you name the table or column you are asking about?"],
                    readings=suggestions(index)[:3])
            grouping = dropped_grouping(toks, ments, parsed.plan)
            if grouping is not None:
                return Parsed(None, False, problems=[
                    f"The question asks for something '{grouping}', but my only reading does not group by it, so it "
                    "would answer another question. Which column should I group by, and what should I compute for each group?"],
                    readings=_grouped_readings(parsed.plan, index, grouping, toks, ments))
            parsed.assumptions.extend(convert_units(toks, parsed.plan, index))
            op = missing_operation(toks, ments, parsed.plan, self.model(index))
            if op is not None:
                return Parsed(None, False, problems=[
                    f"The question asks for {op}, so my only reading would answer another question. "
                    "Could you name the column to use?"], readings=suggestions(index)[:3])
            lost = ranking_mismatch(toks, parsed.plan) or dropped_superlative(toks, ments, parsed.plan) or lost_total(
                toks, ments, parsed.plan)
            if lost is not None:
                return Parsed(None, False, problems=[
                    f"My only reading of this loses '{lost}' (it neither ranks nor limits the rows that way), so it "
                    "would answer another question. Could you name what to rank by?"], readings=suggestions(index)[:3])
            dropped = dropped_words(toks, ments, parsed.plan, index)
            if dropped:
                said = ", ".join(f"'{w}'" for w in dropped[:3])
                return Parsed(None, False, problems=[
                    f"I am not sure how to read {said} here: the only reading I have would use the whole table and "
                    "ignore it, which would answer a different question. Which column or value do you mean?"],
                    readings=suggestions(index)[:3])
            if contradictory_dates(parsed.plan):
                return Parsed(None, False, problems=[
                    "This compares two periods, which I cannot answer in one query yet. Ask for each period, or per year."],
                    readings=["Show it per year"])
            worry = doubt(toks, ments, parsed.plan, index, bridges=False) or unsure(toks, ments, parsed.plan, index, "parser")
            if worry is not None:
                return Parsed(None, False, problems=[worry.problem], readings=worry.readings or suggestions(index)[:3])
            hidden = hide_soft_deleted(toks, parsed.plan, index)
            empty = skip_empty_mode(parsed.plan, index)
            finished = finished_outcome(parsed.plan, index)
            parsed.assumptions.extend([n for n in (hidden, empty, finished) if n] + ambiguity_assumptions(ments, parsed.plan))
        return parsed

    def _clarify_aggregate(self, cue: str, ments: list[Any], index: SchemaIndex) -> Parsed:
        """An aggregate question never gets a row-level answer: ask, offering the closest measures."""
        model = self.model(index)
        named = {t.name for m in ments for t, _ in m.tables[:1]} | {c.table for m in ments for c, _ in m.columns[:1]}
        kinds = {"money": 0, "quantity": 1, "duration": 2}
        measures = sorted(model.measures(), key=lambda c: (c.table not in named, kinds.get(model.role(c).measure_kind or "", 3)))
        verb = {"average": "Average", "mean": "Average", "total": "Total", "sum": "Total", "median": "Average"}.get(cue, "Total")
        readings = [f"{verb} {' '.join(c.words)}"
                    for c in measures[:3]]
        what = {"Average": "average", "Total": "add up"}[verb]
        text = f"I am not sure what to {what} here ('{cue}' matched no measure I could place)."
        if readings:
            text += " Did you mean one of these?"
        return Parsed(None, False, problems=[text], readings=readings)

    async def probe(self, phrases: list[str], index: SchemaIndex, toolbox: Toolbox) -> dict[str, list[ColumnInfo]]:
        """One query that checks which text columns contain each phrase (case-insensitive)."""
        cols = [c for c in index.all_columns() if c.kind == "text" and not c.complete][:MAX_PROBE_COLUMNS]
        if not cols or not phrases:
            return {}
        dialect = index.schema.dialect
        projections: list[exp.Expression] = []
        keys: list[tuple[str, ColumnInfo]] = []
        for p in phrases:
            for c in cols:
                sub = (
                    exp.select(exp.Column(this=ident(c.name)))
                    .from_(exp.Table(this=ident(c.table)))
                    .where(exp.EQ(this=exp.Lower(this=exp.Column(this=ident(c.name))), expression=exp.Literal.string(p.lower())))
                    .limit(1)
                )
                projections.append(exp.alias_(exp.Subquery(this=sub), f"p{len(keys)}"))
                keys.append((p, c))
        sql = exp.select(*projections).sql(dialect=dialect)
        try:
            res = await toolbox.run_sql(sql)
        except DomainError:
            return {}
        if not res.rows:
            return {}
        row = res.rows[0]
        found: dict[str, list[ColumnInfo]] = {}
        for (p, c), v in zip(keys, row):
            if v is not None:
                found.setdefault(_value_key(p), []).append(
                    ColumnInfo(c.table, c.name, c.words, c.kind, c.is_pk, (str(v),), False, c.distinct, c.description, c.fk)
                )
        # map probe hits back to the real column objects, keeping the stored spelling as sample
        return found

    async def run_plan(self, plan: Plan, index: SchemaIndex, toolbox: Toolbox, dialect: str) -> tuple[str, QueryResult]:
        sql = render(plan, index, dialect)
        result = await toolbox.run_sql(sql)
        return sql, result

    async def _answer_plan(
        self, question: str, plan: Plan, index: SchemaIndex, toolbox: Toolbox, dialect: str, assumptions: list[str],
        reading: list[str] | None = None,
    ) -> AnalystAnswer:
        """Run the plan; answer first, then the data, then one line on how the question was read."""
        try:
            sql, result = await self.run_plan(plan, index, toolbox, dialect)
        except (PlanError, DomainError) as e:
            msg = getattr(e, "detail", None) or str(e)
            return AnalystAnswer(
                parts=[AnswerPart(kind="text", text=f"I understood the question but could not build a query that runs: {msg}")],
                suggested_follow_ups=suggestions(index),
                understood=False,
                state={},
            )
        empty = await self._no_data(question, plan, result, index, toolbox, dialect)
        if empty is not None:
            return empty
        tables, joins = join_plan(plan, index)
        genuine = list(dict.fromkeys(list(assumptions) + definition_assumptions(plan, index) + join_assumptions(plan, tables, joins)))
        tie = await tie_note(plan, sql, toolbox, dialect)
        sentence = answer_sentence(plan, result, index)
        parts = [
            AnswerPart(kind="text", text=f"{sentence} {tie}" if tie else sentence),
            AnswerPart(kind="query", result=result, chart=chart_for(result, plan), title=title_for(question)),
            AnswerPart(kind="text", text=reading_line(plan, index, joins, reading)),
        ]
        return AnalystAnswer(
            parts=parts,
            suggested_follow_ups=suggestions(index, plan),
            assumptions=genuine,
            understood=True,
            state={"v": STATE_VERSION, "plan": plan.to_dict(), "question": question, "sql": sql},
        )

    async def _no_data(self, question: str, plan: Plan, result: QueryResult, index: SchemaIndex, toolbox: Toolbox,
                       dialect: str) -> AnalystAnswer | None:
        """A reading bounded by a period with no rows in it answers nothing: say where the data lies instead."""
        if not empty_answer(result.rows):
            return None
        bounded = period_columns(plan, index)
        if not bounded:
            return None
        table, column = bounded[0]
        span: tuple[Any, Any] | None = None
        try:  # one guarded query for the column's span, so the clarification can say where the data is
            col, tab = ident(column).sql(dialect), ".".join(ident(p).sql(dialect) for p in table.split("."))
            res = await toolbox.run_sql(f"SELECT MIN({col}), MAX({col}) FROM {tab}")
            span = tuple(res.rows[0][:2]) if res.rows else None  # type: ignore[assignment]
        except DomainError:
            span = None
        # the period has rows and the other conditions ('more than 40 jobs') kept none: say that, not 'no data'
        worry = no_data_in_period(question, table, column, span, index,
                                  inside=span is not None and period_overlaps(plan, table, column, span))
        return AnalystAnswer(parts=[AnswerPart(kind="text", text=worry.problem)], suggested_follow_ups=worry.readings,
                             understood=False, state={})

    async def _followup(
        self, question: str, previous: Plan, index: SchemaIndex, toolbox: Toolbox, schema: Schema, state: dict[str, Any]
    ) -> AnalystAnswer | None:
        toks, ments = await self._linked(question, index, toolbox)
        result = apply_followup(question, toks, ments, previous, index)
        if result is None:
            return None
        plan, note, chart_kind = result
        ans = await self._answer_plan(question, plan, index, toolbox, schema.dialect, [], reading=[f"follow-up: {note}"])
        query = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
        if chart_kind and query is not None and query.result is not None:
            query.chart = chart_for(query.result, plan, force=chart_kind)
        return ans

    def _not_understood(self, question: str, parsed: Parsed, index: SchemaIndex) -> AnalystAnswer:
        if parsed.readings:
            return AnalystAnswer(
                parts=[AnswerPart(kind="text", text=" ".join(parsed.problems))],
                suggested_follow_ups=parsed.readings,
                understood=False,
                state={},
            )
        problems = parsed.problems or ["I could not link the question to the data."]
        text = " ".join(problems) + " Try naming a table or column, for example one of the questions below."
        return AnalystAnswer(
            parts=[AnswerPart(kind="text", text=text)],
            suggested_follow_ups=suggestions(index),
            understood=False,
            state={},
        )
