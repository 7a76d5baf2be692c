"""Fit the confidence gate (engine/offline/confidence.py) on the studied splits, or measure it on held-out ones.

Runs the offline analyst in-process with the gate open, records the features of every answered reading and
whether the answer was right, then (``fit``) fits a small L2 logistic regression and picks the threshold that
maximises right - cost * wrong (--cost, 2 by default); the printed weights are pasted into confidence.py as
constants. It also prints a fully held-out estimate: each studied database gated by weights and a threshold
chosen without it. Studied rows keep their question and SQL (for study); ``measure`` prints only aggregate
figures (before/after the gate) and never writes per-question output, so it may run on held-out databases.

Usage: scripts/calibrate.py fit [--out eval-results/calibration.jsonl] [--cost 2] [--features a,b,...]
       scripts/calibrate.py fit --rows eval-results/calibration.jsonl   (refit without answering again)
       scripts/calibrate.py measure --split heldout   (aggregates only; --only spiderstyle for the own Spider-style suite)
       scripts/calibrate.py diff --rows before.jsonl --after after.jsonl   (what a change moved: right, answered-wrong
       and declined per suite, and which studied questions changed; the measure of a trust check, one wrong answer
       costing --cost right ones)
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import evalcore  # noqa: E402

from services.conversation.engine.offline import confidence  # noqa: E402
from services.conversation.engine.generic import WithGenericIntents  # noqa: E402
from services.conversation.engine.offline.analyst import OfflineAnalyst  # noqa: E402
from scripts.localbox import SqliteToolbox  # noqa: E402
from services.knowledge.demo_data import DEMO_DESCRIPTIONS, create_demo_warehouse  # noqa: E402

SPIDER = ROOT.parent / "shared" / "eval" / "spider-open"
SPIDER_HELDOUT = {"battle_death", "network_1", "pets_1"}
RESPELLED = "respelled:"
LEGACY = "legacy:"
SUITE = ROOT / "eval" / "business"
SPIDERSTYLE = ROOT / "eval" / "spiderstyle"  # our own Spider-style databases (no ../shared needed)
DEMO_QUESTIONS = ROOT / "eval" / "demo" / "questions.json"


def questions(split: str, respelled: str = "") -> list[tuple[str, evalcore.Question, Path]]:
    """(suite, question, sqlite path) of one split of the suites; with ``respelled`` (studied only: 'plain',
    'legacy' or 'both') also the studied business databases with every name respelled in that style
    (scripts/respell.py: schemas no rule was tuned on)."""
    out: list[tuple[str, evalcore.Question, Path]] = []
    if (SPIDER / "questions.json").is_file():
        for q in evalcore.load_questions(SPIDER / "questions.json"):
            if (q.db_id in SPIDER_HELDOUT) == (split == "heldout"):
                out.append(("spider", q, evalcore.sqlite_path(SPIDER, q.db_id)))
    out.extend(_spiderstyle(split))
    spec = importlib.util.spec_from_file_location("business_build", SUITE / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    db_dir = SUITE / "db"
    mod.build_all(db_dir)
    dbs = set(json.loads((SUITE / "split.json").read_text())[split])
    for q in evalcore.load_questions(SUITE / "questions.json", SUITE / "heldout" / "questions.json"):
        if q.db_id in dbs:
            out.append(("business", q, db_dir / f"{q.db_id}.sqlite"))
    if respelled and split == "studied":
        import respell

        for style, suite, mark in (("plain", "respelled", RESPELLED), ("legacy", "legacy", LEGACY)):
            if respelled not in (style, "both"):
                continue
            out_dir = Path(tempfile.mkdtemp(prefix=f"{suite}-"))
            for q in respell.respelled(sorted(dbs), db_dir, SUITE / "questions.json", out_dir, style):
                out.append((suite, evalcore.Question(mark + q.db_id, q.question, q.gold, q.index),
                            out_dir / f"{q.db_id}.sqlite"))
    if DEMO_QUESTIONS.is_file():  # the demo warehouse's own suite, its split as the file marks it
        demo = Path(tempfile.mkdtemp(prefix="calibrate-")) / "demo.sqlite"  # dated by today, like the server's
        create_demo_warehouse(demo)
        for i, d in enumerate(json.loads(DEMO_QUESTIONS.read_text())):
            if d.get("split", "studied") == split:
                out.append(("demo", evalcore.Question("demo", d["question"], d["query"], i), demo))
    return out


def _spiderstyle(split: str) -> list[tuple[str, evalcore.Question, Path]]:
    """The own Spider-style suite (eval/spiderstyle): its databases built afresh, the split as split.json marks it."""
    spec = importlib.util.spec_from_file_location("spiderstyle_build", SPIDERSTYLE / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    db_dir = Path(tempfile.mkdtemp(prefix="spiderstyle-"))
    mod.build_all(db_dir)
    dbs = set(json.loads((SPIDERSTYLE / "split.json").read_text())[split])
    return [("spiderstyle", q, db_dir / f"{q.db_id}.sqlite")
            for q in evalcore.load_questions(SPIDERSTYLE / "questions.json") if q.db_id in dbs]


def _correct(suite: str, path: Path, gold: str, sql: str) -> bool:
    """The suite's own rule: the demo suite allows extra columns beside the asked ones (scripts/eval_demo.py)."""
    if not sql:
        return False
    if suite != "demo":
        return evalcore.compare(path, gold, sql)[0]
    try:
        return evalcore.subset_match(evalcore.run_sqlite(path, gold), evalcore.run_sqlite(path, sql),
                                     evalcore.gold_is_ordered(gold))
    except Exception:  # noqa: BLE001 - SQL that does not run is a wrong answer
        return False


async def run(split: str, respelled: str = "", only: str = "") -> list[dict]:
    """One row per question: suite, answered, correct, features and score of the answered reading."""
    seen: list[confidence.Assessment] = []
    real = confidence.assess

    def spy(*a, **k):  # record every assessment; the gate stays open while measuring
        r = real(*a, **k)
        seen.append(r)
        return confidence.Assessment(r.features, 1.0)

    confidence.assess = spy  # type: ignore[assignment]
    analyst = WithGenericIntents(OfflineAnalyst())  # as the server answers
    boxes: dict[Path, SqliteToolbox] = {}
    rows: list[dict] = []
    for suite, q, path in questions(split, respelled):
        if only and suite not in only.split(","):
            continue
        box = boxes.get(path)
        if box is None:
            box = boxes[path] = SqliteToolbox(path, docs=DEMO_DESCRIPTIONS if suite == "demo" else None)
            await box.schema()
        seen.clear()
        sql = ""
        try:
            ans = await analyst.answer(q.question, toolbox=box, history=[], state={}, mode="economy", deep=False)
            first = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
            sql = first.result.sql if first and first.result else ""
        except Exception:  # noqa: BLE001 - a crash is a wrong answer
            sql = ""
        correct = _correct(suite, path, q.gold, sql)
        a = seen[-1] if seen and sql else None
        rows.append({"suite": suite, "db_id": q.db_id, "index": q.index, "answered": bool(sql), "correct": correct,
                     # question text and SQL only for the studied split (held-out rows stay aggregate)
                     **({"question": q.question, "sql": sql} if split == "studied" else {}),
                     "features": a.features if a else None, "score": a.score if a else None})
    for b in boxes.values():
        b.close()
    confidence.assess = real  # type: ignore[assignment]
    return rows


def figures(rows: list[dict], threshold: float) -> str:
    lines = []
    for suite in sorted({r["suite"] for r in rows}) + ["all"]:
        sub = [r for r in rows if suite in ("all", r["suite"])]
        n = len(sub)
        kept = [r for r in sub if r["answered"] and (r["score"] is None or r["score"] >= threshold)]
        right = sum(r["correct"] for r in kept)
        wrong = len(kept) - right
        lines.append(f"  {suite:9s} n={n:4d} right {right:4d} ({right / n:.1%})  answered-wrong {wrong:4d} "
                     f"({wrong / n:.1%})  clarified/declined {n - len(kept):4d} ({(n - len(kept)) / n:.1%})")
    return "\n".join(lines)


def _newton(x, y, l2: float):
    import numpy as np

    x = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x.shape[1])
    for _ in range(200):  # Newton steps on the L2-penalised log loss (bias not penalised)
        p = 1 / (1 + np.exp(-x @ w))
        reg = np.full(len(w), l2)
        reg[0] = 0
        step = np.linalg.solve((x.T * (p * (1 - p))) @ x + np.diag(reg), x.T @ (p - y) + reg * w)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _threshold(scores, y, cost: float) -> float:
    """The score cut that maximises right - cost * wrong among the readings it keeps."""
    import numpy as np

    best, best_t = -1e9, 0.0
    for t in sorted(set(np.round(scores, 2))) + [0.0]:
        keep = scores >= t
        gain = y[keep].sum() - cost * (1 - y[keep]).sum()
        if gain > best:
            best, best_t = gain, float(t)
    return best_t


def fit(rows: list[dict], names: list[str], l2: float, cost: float) -> tuple[dict[str, float], float, list[dict]]:
    """Weights fitted on every studied reading; the threshold chosen on out-of-fold scores (each database
    scored by weights fitted without it), so it reflects schemas the weights never saw. Also returns the
    rows with a fully held-out decision: each database gated by weights AND a threshold chosen without it
    (leave-one-database-out), the honest estimate of what the gate does on a new schema."""
    import numpy as np

    data = [r for r in rows if r["features"] is not None]
    x = np.array([[r["features"].get(k, 0.0) for k in names] for r in data], dtype=float)
    y = np.array([1.0 if r["correct"] else 0.0 for r in data])
    dbs = np.array([r["db_id"].removeprefix(RESPELLED).removeprefix(LEGACY) for r in data])  # a respelled copy leaves with its original
    oof = np.zeros(len(data))
    for d in sorted(set(dbs)):
        w = _newton(x[dbs != d], y[dbs != d], l2)
        oof[dbs == d] = 1 / (1 + np.exp(-(w[0] + x[dbs == d] @ w[1:])))
    best_t = _threshold(oof, y, cost)
    kept = {}
    for d in sorted(set(dbs)):
        t = _threshold(oof[dbs != d], y[dbs != d], cost)  # chosen without database d
        for i in np.flatnonzero(dbs == d):
            kept[id(data[i])] = bool(oof[i] >= t)
    held = [{**r, "score": 1.0 if kept.get(id(r), True) else 0.0} for r in rows]
    w = _newton(x, y, l2)
    weights = {"bias": round(float(w[0]), 2), **{k: round(float(v), 2) for k, v in zip(names, w[1:], strict=True)}}
    return weights, best_t, held


def _outcome(r: dict, threshold: float) -> str:
    if r["answered"] and (r["score"] is None or r["score"] >= threshold):
        return "right" if r["correct"] else "wrong"
    return "declined"


def diff(before: list[dict], after: list[dict], cost: float) -> str:
    """Per suite: right / answered-wrong / declined before and after, the questions that moved (studied rows carry
    their question), and the net gain (wrong answers removed * cost - right answers lost)."""
    t = confidence.THRESHOLD
    key = lambda r: (r["suite"], r["db_id"], r["index"])  # noqa: E731
    old = {key(r): r for r in before}
    lines, gain = [], 0.0
    for r in after:
        b = old.get(key(r))
        if b is None or _outcome(b, t) == _outcome(r, t):
            continue
        was, now = _outcome(b, t), _outcome(r, t)
        gain += {"right": 1, "wrong": -cost, "declined": 0}[now] - {"right": 1, "wrong": -cost, "declined": 0}[was]
        if r.get("question"):
            lines.append(f"  {r['suite']:9s} {was:8s} -> {now:8s} {r['question']}")
    for suite in sorted({r["suite"] for r in after}):
        for name, rows in (("before", before), ("after", after)):
            sub = [_outcome(r, t) for r in rows if r["suite"] == suite]
            n = len(sub) or 1
            lines.append(f"{suite:9s} {name:6s} n={len(sub):4d} right {sub.count('right'):4d}  answered-wrong "
                         f"{sub.count('wrong'):4d} ({sub.count('wrong') / n:.1%})  declined {sub.count('declined'):4d}")
    lines.append(f"net gain (right - {cost:g} x wrong): {gain:+g}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("fit", "measure", "diff"))
    ap.add_argument("--split", default="studied", choices=("studied", "heldout"))
    ap.add_argument("--out", type=Path, default=ROOT / "eval-results" / "calibration.jsonl")
    ap.add_argument("--l2", type=float, default=5.0)
    ap.add_argument("--cost", type=float, default=2.0, help="how many right answers one wrong answer costs")
    ap.add_argument("--respelled", nargs="?", const="plain", default="", choices=("plain", "legacy", "both"),
                    help="add the studied databases with respelled names: plain (the default), legacy "
                         "(UPPER_SNAKE, abbreviated by rule, prefixed) or both")
    ap.add_argument("--only", default="", help="answer only these suites (comma-separated: business,respelled,"
                                               "legacy,spider,spiderstyle,demo), for a quick look")
    ap.add_argument("--rows", type=Path, help="refit from recorded rows (fit's --out) instead of answering again")
    ap.add_argument("--after", type=Path, help="diff: the rows recorded after a change (--rows: before it)")
    ap.add_argument("--features", default="parser,parser_fragment,parser_unplaced,joins,weak_links,readers_agree,"
                                          "unplaced_frac", help="the features the score uses")
    args = ap.parse_args()
    if args.action == "diff":
        if args.rows is None or args.after is None:
            raise SystemExit("diff needs --rows BEFORE and --after AFTER (both written by fit --out)")
        load = lambda p: [json.loads(line) for line in p.read_text().splitlines() if line.strip()]  # noqa: E731
        print(diff(load(args.rows), load(args.after), args.cost))
        return
    if args.action == "fit" and args.split != "studied":
        raise SystemExit("fit only on the studied split")
    if args.rows is not None and args.action == "fit":
        rows = [json.loads(line) for line in args.rows.read_text().splitlines() if line.strip()]
    else:
        rows = asyncio.run(run(args.split, args.respelled, args.only))
    if args.action == "fit":
        if args.rows is None:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text("".join(json.dumps(r) + "\n" for r in rows))
        weights, t, held = fit(rows, args.features.split(","), args.l2, args.cost)
        print("WEIGHTS =", json.dumps(weights, indent=4))
        print(f"THRESHOLD = {t}")
        print("before the gate:\n" + figures(rows, 0.0))
        print("leave-one-database-out (weights and threshold chosen without the database):\n" + figures(held, 0.5))
        rows = [{**r, "score": confidence.score(r["features"]) if r["features"] else None} for r in rows]
        print("with the current constants in confidence.py:\n" + figures(rows, confidence.THRESHOLD))
    else:
        print(f"{args.split}: before the gate\n" + figures(rows, 0.0))
        print(f"{args.split}: after the gate (threshold {confidence.THRESHOLD})\n" + figures(rows, confidence.THRESHOLD))


if __name__ == "__main__":
    main()
