"""``make eval`` (business part): the business-question suite and the demo suite through the HTTP API.

Two setups, both on a server of our own:
* default: the demo warehouse present and connected (DOT_DEMO_DATA=1) plus every business
  database connected at once, so the server has to pick the right connection for each question
  (the way a real install is used);
* only: one business database connected at a time, no demo (the analyst alone, no choosing);
* beside-demo: one business database connected at a time beside the demo warehouse, questions not pinned to a
  connection: issue 12's own "default setup" (a team connects its warehouse to a fresh install), where the
  demo's shared words ("customers", "orders") must not win over the real warehouse.

Reports per suite, setup and split (studied / held-out) and per named group of databases ("groups" in
split.json, aggregate only; held-out databases never get a line of their own): accuracy, answered-but-wrong rate (a table
that does not match the gold), clarified/declined rate (no table), p50 latency, and in the default
setup how often the answer named the expected connection. Failures of studied questions go to
eval-results/business-failures.jsonl; held-out questions are never written out (only counted).
The demo suite (eval/demo/questions.json, written by the analyst's engineers) runs in the default
setup against the demo warehouse when that file exists, asked with connection_id=demo (a real
warehouse wins the demo's shared words such as "customers", so unpinned it would measure routing), and is
scored by its own rule (extra columns such as the measure beside the names are allowed), the rule
scripts/eval_demo.py applies in-process.

With ``--respelled`` the studied databases are replaced by copies with every table and column respelled
(scripts/respell.py: abbreviations, the other case style) and their respelled gold SQL: the same questions
over names no rule was tuned on, so routing and reading can be checked for overfitting (split "respelled").

With ``--ask-split studied|heldout`` the default setup still connects every database (the others stay
connected as realistic distractors for routing) but asks only the questions of that split; the only setup
asks the same split. Measure routing work on the studied split: held-out answers stay aggregate-only.

Usage: scripts/eval_business.py [--setup default|only|beside-demo|both|all] [--db ID] [--respelled] [--ask-split studied|heldout|all]
                                [--floor-studied F] [--floor-heldout F] [--floor-demo F]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import evalcore  # noqa: E402

SUITE = ROOT / "eval" / "business"
DEMO_QUESTIONS = ROOT / "eval" / "demo" / "questions.json"
SPIDER = ROOT.parent / "shared" / "eval" / "spider-open"


def _builder():
    spec = importlib.util.spec_from_file_location("business_build", SUITE / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def connection_id(db_id: str) -> str:
    return "biz-" + db_id.replace("_", "-")


def load_suite(only_db: str | None) -> tuple[dict[str, list[evalcore.Question]], dict[str, str]]:
    questions = evalcore.load_questions(SUITE / "questions.json", SUITE / "heldout" / "questions.json")
    split = json.loads((SUITE / "split.json").read_text())
    split_of = {db: name for name in ("studied", "heldout") for db in split[name]}
    by_db: dict[str, list[evalcore.Question]] = {}
    for q in questions:
        if only_db and q.db_id != only_db:
            continue
        by_db.setdefault(q.db_id, []).append(q)
    return by_db, split_of


def asked_split(by_db: dict[str, list[evalcore.Question]], split_of: dict[str, str], ask_split: str
                ) -> dict[str, list[evalcore.Question]]:
    """The questions to ask: those of databases in ``ask_split`` ('all': every one). Databases left out keep
    an empty list, so the default setup still connects them (distractors a real install would have). The
    respelled copies are studied databases: ``--respelled --ask-split studied`` asks them all (it asked none)."""
    def asked(db: str) -> bool:
        split = split_of.get(db, "studied")
        return ask_split in ("all", split) or (split, ask_split) == ("respelled", "studied")

    return {db: (qs if asked(db) else []) for db, qs in by_db.items()}


def load_demo_questions() -> list[tuple[evalcore.Question, str]]:
    """eval/demo/questions.json: [{question, query, split?}] over the demo warehouse (db_id optional)."""
    data = json.loads(DEMO_QUESTIONS.read_text())
    return [(evalcore.Question(d.get("db_id", "demo"), d["question"], d["query"], i), d.get("split", "studied"))
            for i, d in enumerate(data)]


def respelled_suite(db_dir: Path, split_of: dict[str, str], only_db: str | None
                    ) -> tuple[dict[str, list[evalcore.Question]], dict[str, str], Path]:
    """The studied databases respelled into a fresh directory, their kept questions, split "respelled"."""
    import respell

    studied = sorted(db for db, split in split_of.items() if split == "studied" and only_db in (None, db))
    out = Path(tempfile.mkdtemp(prefix="dot-eval-respelled-"))
    by_db: dict[str, list[evalcore.Question]] = {}
    for q in respell.respelled(studied, db_dir, SUITE / "questions.json", out):
        by_db.setdefault(q.db_id, []).append(q)
    return by_db, {db: "respelled" for db in by_db}, out


def file_sources(db_dir: Path) -> str:
    """DOT_FILE_SOURCES for the eval server: the directories our SQLite files come from."""
    dirs = [db_dir] + ([SPIDER / "database"] if SPIDER.is_dir() else [])
    return os.pathsep.join(str(d) for d in dirs)


def _stack(demo: bool, db_dir: Path):
    from tests.support.stack import ADMIN_EMAIL, start_stack

    stack = start_stack(Path(tempfile.mkdtemp(prefix="dot-eval-biz-")),
                        {"DOT_DEMO_DATA": "1" if demo else "0", "DOT_FILE_SOURCES": file_sources(db_dir)})
    return stack, ADMIN_EMAIL


def run_default(db_dir: Path, by_db: dict[str, list[evalcore.Question]], split_of: dict[str, str],
                demo_suite: bool) -> list[evalcore.Asked]:
    """Every database of ``by_db`` connected at once; each one's listed questions asked (an empty list:
    connected, not asked)."""
    stack, email = _stack(True, db_dir)
    out: list[evalcore.Asked] = []
    try:
        with httpx.Client(base_url=stack.url, headers={"API-KEY": stack.admin_token}, timeout=120) as client:
            me = client.get("/api/auth/me").json()  # first use: the demo warehouse is created here
            client.get("/api/connections").raise_for_status()
            for db_id in by_db:
                evalcore.connect_and_sync(client, email, stack.admin_token, db_dir / f"{db_id}.sqlite",
                                          connection_id(db_id))
            for db_id, qs in by_db.items():
                for q in qs:
                    out.append(evalcore.ask_and_score(client, q, db_dir / f"{db_id}.sqlite", suite="business",
                                                      setup="default", split=split_of.get(db_id, "studied"),
                                                      expected_connection=connection_id(db_id)))
            if demo_suite and DEMO_QUESTIONS.is_file():
                demo_db = stack.data_dir / f"demo-{me['org_id']}.sqlite"
                for q, split in load_demo_questions():
                    # pinned: with real warehouses connected the demo rightly loses shared words to them
                    out.append(evalcore.ask_and_score(client, q, demo_db, suite="demo", setup="default",
                                                      split=split, connection_id="demo", extra_columns=True))
    finally:
        stack.stop()
    return out


def run_only(db_dir: Path, by_db: dict[str, list[evalcore.Question]], split_of: dict[str, str],
             beside_demo: bool = False) -> list[evalcore.Asked]:
    """Each database connected alone, asked, removed; ``beside_demo``: with the demo warehouse present too, so
    each answer must also pick the real warehouse over the demo (scored with the expected connection)."""
    stack, email = _stack(beside_demo, db_dir)
    setup = "beside-demo" if beside_demo else "only"
    out: list[evalcore.Asked] = []
    try:
        with httpx.Client(base_url=stack.url, headers={"API-KEY": stack.admin_token}, timeout=120) as client:
            if beside_demo:
                client.get("/api/auth/me").raise_for_status()  # first use: the demo warehouse is created here
            for db_id, qs in by_db.items():
                if not qs:
                    continue
                cid = connection_id(db_id)
                evalcore.connect_and_sync(client, email, stack.admin_token, db_dir / f"{db_id}.sqlite", cid)
                for q in qs:
                    out.append(evalcore.ask_and_score(
                        client, q, db_dir / f"{db_id}.sqlite", suite="business", setup=setup,
                        split=split_of.get(db_id, "studied"), expected_connection=cid if beside_demo else ""))
                client.post("/api/remove_connection", json={"connection_id": cid, "delete_table_setup": True})
    finally:
        stack.stop()
    return out


def check_floors(items: list[evalcore.Asked], floors: dict[tuple[str, str], float]) -> list[str]:
    """Floors apply to the default setup: (suite, split) -> minimum accuracy."""
    problems = []
    for (suite, split), floor in floors.items():
        sub = [a for a in items if a.suite == suite and a.setup == "default" and (split == "all" or a.split == split)]
        if sub and floor > 0:
            acc = evalcore.figures(sub).accuracy
            if acc < floor:
                problems.append(f"{suite} {split}: accuracy {acc:.1%} is below the floor {floor:.1%}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--setup", choices=("default", "only", "beside-demo", "both", "all"), default="both",
                    help="both: default and only; all: those and beside-demo")
    ap.add_argument("--db", help="only this business database")
    ap.add_argument("--no-demo", action="store_true", help="skip the demo suite")
    ap.add_argument("--respelled", action="store_true",
                    help="the studied databases respelled (scripts/respell.py) instead of the suite")
    ap.add_argument("--ask-split", choices=("studied", "heldout", "all"), default="all",
                    help="ask only this split's questions (the default setup still connects every database)")
    ap.add_argument("--floor-studied", type=float, default=0.0)
    ap.add_argument("--floor-heldout", type=float, default=0.0)
    ap.add_argument("--floor-demo", type=float, default=0.0)
    ap.add_argument("--db-dir", type=Path, default=SUITE / "db")
    ap.add_argument("--out", type=Path, default=ROOT / "eval-results")
    args = ap.parse_args()
    started = time.perf_counter()
    _builder().build_all(args.db_dir)  # deterministic: rebuilt every run, never stale
    by_db, split_of = load_suite(args.db)
    if args.respelled:
        by_db, split_of, args.db_dir = respelled_suite(args.db_dir, split_of, args.db)
    by_db = asked_split(by_db, split_of, args.ask_split)
    items: list[evalcore.Asked] = []
    if args.setup in ("default", "both", "all"):
        items += run_default(args.db_dir, by_db, split_of, demo_suite=not args.no_demo)
    if args.setup in ("only", "both", "all"):
        items += run_only(args.db_dir, by_db, split_of)
    if args.setup in ("beside-demo", "all"):
        items += run_only(args.db_dir, by_db, split_of, beside_demo=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "business-failures.jsonl").write_text(evalcore.asked_failures_jsonl(items))
    groups = json.loads((SUITE / "split.json").read_text()).get("groups", {})
    print(evalcore.render_figures(items, db_groups=groups))
    print(f"{len(items)} answers in {time.perf_counter() - started:.1f} s; studied failures in "
          f"{args.out / 'business-failures.jsonl'} (held-out questions are not written out)")
    problems = check_floors(items, {("business", "studied"): args.floor_studied,
                                    ("business", "heldout"): args.floor_heldout,
                                    ("demo", "all"): args.floor_demo})  # demo: both of its splits together
    for p in problems:
        print(f"eval: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
