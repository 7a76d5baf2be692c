"""Fit the confidence gate (engine/offline/confidence.py) on the studied splits, or measure it on held-out ones.

Runs the offline analyst in-process with the gate open, records the features of every answered reading and
whether the answer was right, then (``fit``) fits a small L2 logistic regression and picks the threshold that
maximises right - 2 * wrong; the printed weights are pasted into confidence.py as constants. ``measure``
prints only aggregate figures (before/after the gate) and never writes per-question output, so it may run on
held-out databases.

Usage: scripts/calibrate.py fit [--out eval-results/calibration.jsonl]
       scripts/calibrate.py measure --split heldout
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import evalcore  # noqa: E402

from services.conversation.engine.offline import confidence  # noqa: E402
from services.conversation.engine.offline.analyst import OfflineAnalyst  # noqa: E402
from services.conversation.engine.offline.localbox import SqliteToolbox  # noqa: E402

SPIDER = ROOT.parent / "shared" / "eval" / "spider-open"
SPIDER_HELDOUT = {"battle_death", "network_1", "pets_1"}
SUITE = ROOT / "eval" / "business"


def questions(split: str) -> list[tuple[str, evalcore.Question, Path]]:
    """(suite, question, sqlite path) of one split of both suites."""
    out: list[tuple[str, evalcore.Question, Path]] = []
    if (SPIDER / "questions.json").is_file():
        for q in evalcore.load_questions(SPIDER / "questions.json"):
            if (q.db_id in SPIDER_HELDOUT) == (split == "heldout"):
                out.append(("spider", q, evalcore.sqlite_path(SPIDER, q.db_id)))
    spec = importlib.util.spec_from_file_location("business_build", SUITE / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    db_dir = SUITE / "db"
    mod.build_all(db_dir)
    dbs = set(json.loads((SUITE / "split.json").read_text())[split])
    for q in evalcore.load_questions(SUITE / "questions.json"):
        if q.db_id in dbs:
            out.append(("business", q, db_dir / f"{q.db_id}.sqlite"))
    return out


async def run(split: str) -> list[dict]:
    """One row per question: suite, answered, correct, features and score of the answered reading."""
    seen: list[confidence.Assessment] = []
    real = confidence.assess

    def spy(*a, **k):  # record every assessment; the gate stays open while measuring
        r = real(*a, **k)
        seen.append(r)
        return confidence.Assessment(r.features, 1.0)

    confidence.assess = spy  # type: ignore[assignment]
    analyst = OfflineAnalyst()
    boxes: dict[Path, SqliteToolbox] = {}
    rows: list[dict] = []
    for suite, q, path in questions(split):
        box = boxes.get(path)
        if box is None:
            box = boxes[path] = SqliteToolbox(path)
            await box.schema()
        seen.clear()
        sql = ""
        try:
            ans = await analyst.answer(q.question, toolbox=box, history=[], state={}, mode="economy", deep=False)
            first = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
            sql = first.result.sql if first and first.result else ""
        except Exception:  # noqa: BLE001 - a crash is a wrong answer
            sql = ""
        correct = evalcore.compare(path, q.gold, sql)[0] if sql else False
        a = seen[-1] if seen and sql else None
        rows.append({"suite": suite, "db_id": q.db_id, "index": q.index, "answered": bool(sql), "correct": correct,
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


def fit(rows: list[dict], names: list[str], l2: float) -> tuple[dict[str, float], float]:
    """Weights fitted on every studied reading; the threshold chosen on out-of-fold scores (each database
    scored by weights fitted without it), so it reflects schemas the weights never saw."""
    import numpy as np

    data = [r for r in rows if r["features"] is not None]
    x = np.array([[r["features"][k] for k in names] for r in data], dtype=float)
    y = np.array([1.0 if r["correct"] else 0.0 for r in data])
    dbs = np.array([r["db_id"] for r in data])
    oof = np.zeros(len(data))
    for d in sorted(set(dbs)):
        w = _newton(x[dbs != d], y[dbs != d], l2)
        oof[dbs == d] = 1 / (1 + np.exp(-(w[0] + x[dbs == d] @ w[1:])))
    best, best_t = -1e9, 0.0
    for t in sorted(set(np.round(oof, 2))) + [0.0]:
        keep = oof >= t
        gain = y[keep].sum() - 2 * (1 - y[keep]).sum()
        if gain > best:
            best, best_t = gain, float(t)
    w = _newton(x, y, l2)
    return {"bias": round(float(w[0]), 2), **{k: round(float(v), 2) for k, v in zip(names, w[1:], strict=True)}}, best_t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("fit", "measure"))
    ap.add_argument("--split", default="studied", choices=("studied", "heldout"))
    ap.add_argument("--out", type=Path, default=ROOT / "eval-results" / "calibration.jsonl")
    ap.add_argument("--l2", type=float, default=5.0)
    ap.add_argument("--features", default="parser,parser_fragment,parser_unplaced,joins,weak_links,readers_agree,"
                                          "unplaced_frac", help="the features the score uses")
    args = ap.parse_args()
    if args.action == "fit" and args.split != "studied":
        raise SystemExit("fit only on the studied split")
    rows = asyncio.run(run(args.split))
    if args.action == "fit":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("".join(json.dumps(r) + "\n" for r in rows))
        weights, t = fit(rows, args.features.split(","), args.l2)
        print("WEIGHTS =", json.dumps(weights, indent=4))
        print(f"THRESHOLD = {t}")
        print("before the gate:\n" + figures(rows, 0.0))
        rows = [{**r, "score": confidence.score(r["features"]) if r["features"] else None} for r in rows]
        print("with the current constants in confidence.py:\n" + figures(rows, confidence.THRESHOLD))
    else:
        print(f"{args.split}: before the gate\n" + figures(rows, 0.0))
        print(f"{args.split}: after the gate (threshold {confidence.THRESHOLD})\n" + figures(rows, confidence.THRESHOLD))


if __name__ == "__main__":
    main()
