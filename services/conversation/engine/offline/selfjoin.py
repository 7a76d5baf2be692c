"""Questions about a table's key to itself (employees.manager_id -> employees.id): the referenced row is a second
copy of the table under a role named by the key ('manager'), found from the schema's keys, never from a word list."""

from __future__ import annotations

from dataclasses import dataclass

from .business import _label, _stored
from .lexicon import Token, stem
from .linking import ColumnInfo, Mention, SchemaIndex, TableInfo
from .plan import Cond, Item, Plan, Role
from .semantic import SemanticModel

KEY_WORDS = frozenset({"id", "key", "code", "no", "number", "fk", "ref"})
COUNT_CUES = frozenset({"many", "number", "count"})
EACH_CUES = frozenset({"each", "per", "every", "by"})
MORE = frozenset({"more", "higher", "greater", "larger", "bigger", "above", "over"})
LESS = frozenset({"less", "lower", "smaller", "fewer", "below", "under"})


@dataclass(frozen=True)
class SelfKey:
    """A table's foreign key to its own primary key, and the role words of the row it points to."""

    table: TableInfo
    column: ColumnInfo
    stems: frozenset[str]

    def role(self, index: SchemaIndex) -> Role:
        base = "_".join(w for w in self.column.words if w not in KEY_WORDS) or self.column.name
        name = base if index.table(base) is None else f"{base}_of_{self.table.name}"
        return Role(name, self.table.name, self.column.name)


def self_keys(index: SchemaIndex) -> list[SelfKey]:
    """Every column whose key points back into its own table, with the stems of its non-key words."""
    out = []
    for t in index.tables:
        for c in t.columns:
            if c.fk is None or c.fk[0].lower() != t.name.lower() or c.is_pk:
                continue
            stems = frozenset(stem(w) for w in c.words if w not in KEY_WORDS and w not in t.key_words and len(w) > 2)
            if stems:
                out.append(SelfKey(t, c, stems))
    return out


def _role_word(toks: list[Token], keys: list[SelfKey]) -> tuple[int, SelfKey] | None:
    """The first question word naming exactly one self-key's role ('manager', 'manages', 'boss', 'parent')."""
    for i, t in enumerate(toks):
        if t.quoted or t.number is not None:
            continue
        hits = [k for k in keys if stem(t.low) in k.stems or stem(t.lemma) in k.stems]
        if len(hits) == 1:
            return i, hits[0]
    return None


def _shown(t: TableInfo, name: str) -> list[Item]:
    """The label columns of a table (first and last name of a person), under the table or a role's name."""
    pairs = _label(t) or []
    return [Item(name, shown.column) for _, shown in pairs]


def _measure(ments: list[Mention], key: SelfKey, model: SemanticModel, skip: set[int]) -> ColumnInfo | None:
    """The numeric column compared: one the question names on this table, else the table's one money measure."""
    for m in ments:
        c = m.best_column()
        if m.kind == "column" and c is not None and c.table == key.table.name and c.kind == "num" and not c.is_key and m.start not in skip:
            return c
    money = [c for c in key.table.columns if c.kind == "num" and not c.is_key and model.role(c).measure_kind == "money"]
    return money[0] if len(money) == 1 else None


def self_join_plan(toks: list[Token], ments: list[Mention], index: SchemaIndex,
                   model: SemanticModel) -> tuple[Plan, list[str]] | None:
    """A plan for 'X and their managers', 'reports per manager', 'who manages Y' and 'X earning more than their
    manager'; None when the question names no self-key role or fits none of these shapes."""
    keys = self_keys(index)
    found = _role_word(toks, keys) if keys else None
    if found is None:
        return None
    at, key = found
    role = key.role(index)
    t = key.table
    words = [x.low for x in toks]
    note = f"read '{toks[at].text}' as the {' '.join(t.words)} row that {t.name}.{key.column.name} points to"
    mine, theirs = _shown(t, t.name), _shown(t, role.name)
    if not mine:
        return None
    pk = t.pk()
    assert pk is not None  # _label gave a label, so the table has a key
    values = [m for m in ments if m.kind == "value" and any(c.table == t.name and c.kind == "text" for c in m.value_columns)]
    if any(m.kind == "table" and m.tables and m.tables[0][0].name != t.name for m in ments):
        return None  # another table is named ('departments and their managers'): not this self-join
    before = set(words[:at])
    ranked = before & {"which", "what", "who"} and set(words[at + 1:]) & {"most", "fewest"}
    if before & COUNT_CUES and before & EACH_CUES or ranked:
        # 'how many people report to each manager', 'number of direct reports per manager', 'who manages the most people'
        count = Item(t.name, None, "count")
        plan = Plan(root=t.name, select=theirs + [count], group=[Item(role.name, pk.name)] + theirs, roles=[role])
        if ranked:
            n = next((int(x.number) for x in toks if x.number is not None), 1)
            plan.order, plan.limit = [(count, "most" in words[at + 1:])], n
        return plan, [note, f"counted the {t.name} rows that point to each {role.name}"]
    cmp = next((i for i, w in enumerate(words) if (w in MORE or w in LESS) and i < at and "than" in words[i:at]), None)
    if cmp is not None:
        # 'employees who earn more than their manager'
        measure = _measure(ments, key, model, {at})
        if measure is None:
            return None
        op = ">" if words[cmp] in MORE else "<"
        cond = Cond(t.name, measure.name, op, ref_table=role.name, ref_column=measure.name, text=f"{words[cmp]} than their {role.name}")
        plan = Plan(root=t.name, select=mine + [Item(t.name, measure.name), Item(role.name, measure.name)], where=[[cond]], roles=[role])
        return plan, [note, f"compared {t.name}.{measure.name} with the {role.name}'s"]
    if values:
        # 'who manages Cat Cole?', "Cat's manager"
        where = []
        for m in values:
            c = next(c for c in m.value_columns if c.table == t.name and c.kind == "text")
            value = m.value if m.value is not None else _stored(m, c) or m.text
            where.append([Cond(t.name, c.name, "=", value, text=m.text)])
        plan = Plan(root=t.name, select=theirs, where=where, roles=[role])
        return plan, [note]
    if before & {"their", "with", "and", "whose", "each"}:
        # 'employees and their managers', 'list staff with their boss'
        plan = Plan(root=t.name, select=mine + theirs, roles=[role])
        return plan, [note]
    return None


@dataclass(frozen=True)
class RoleKey:
    """A column of another table that points to a person-like row under a role ('departments.manager_id' ->
    employees): declared as a key to that table, or named like that table's own key to itself (a same-named
    key means the same thing across tables)."""

    table: TableInfo
    column: ColumnInfo
    target: TableInfo
    stems: frozenset[str]


def role_keys(index: SchemaIndex) -> list[RoleKey]:
    """Role keys from other tables into a table that has a key to itself (its rows play roles: a manager)."""
    own = {k.column.name.lower(): k.table for k in self_keys(index)}
    out = []
    for t in index.tables:
        for c in t.columns:
            if c.is_pk:
                continue
            target = index.table(c.fk[0]) if c.fk else own.get(c.name.lower())
            if target is None or target.name == t.name or (c.fk and target.name not in {x.name for x in own.values()}):
                continue
            stems = frozenset(stem(w) for w in c.words if w not in KEY_WORDS and w not in target.key_words and len(w) > 2)
            if stems:
                out.append(RoleKey(t, c, target, stems))
    return out


ROLE_KEY_STOPS = frozenset("how many number count average total sum most least fewest each per every all".split())


def role_key_plan(toks: list[Token], ments: list[Mention], index: SchemaIndex) -> tuple[Plan, list[str]] | None:
    """'Who manages the IT department?', 'the manager of Sales': the person a role key of the named row points
    to. None unless exactly one role key's words are in the question and a stored value names its row."""
    keys = role_keys(index)
    if not keys:
        return None
    words = [t.low for t in toks]
    if set(words) & ROLE_KEY_STOPS or any(t.number is not None for t in toks):
        return None  # counts, totals, rankings and numbers ask something else of the role
    at = {n: i for i, t in reversed(list(enumerate(toks))) if not t.quoted  # the first word naming each role
          for n, k in enumerate(keys) if stem(t.low) in k.stems or stem(t.lemma) in k.stems}
    if len(at) != 1:
        return None
    n, i = next(iter(at.items()))
    key = keys[n]
    values = [m for m in ments if m.kind == "value" and any(c.table == key.table.name and c.kind == "text" for c in m.value_columns)]
    if len(values) != 1 or any(m.kind == "value" and m is not values[0] for m in ments) or values[0].start < i:
        return None
    if any(m.kind == "table" and m.start < i and m.tables and m.tables[0][0].name == key.target.name for m in ments):
        return None  # 'employees whose manager ...': the rows asked for are the target's, not the role's
    pk = key.target.pk()
    shown = _shown(key.target, key.target.name)
    if pk is None or not shown:
        return None
    m = values[0]
    c = next(c for c in m.value_columns if c.table == key.table.name and c.kind == "text")
    value = m.value if m.value is not None else _stored(m, c) or m.text
    sub = Plan(root=key.table.name, select=[Item(key.table.name, key.column.name)],
               where=[[Cond(key.table.name, c.name, "=", value, text=m.text)]])
    plan = Plan(root=key.target.name, select=shown,
                where=[[Cond(key.target.name, pk.name, "in", sub=sub, text=f"{key.column.name} of {m.text}")]])
    return plan, [f"read the {' '.join(key.column.words[:-1]) or key.column.name} as the {' '.join(key.target.words)} "
                  f"row that {key.table.name}.{key.column.name} points to"]
