"""First-contact replay: a studied business database's questions through the offline analyst of the tree this
script is run from (in-process, as the server answers), one JSON line per question: the question, the gold SQL,
the engine's SQL and reply, answered, right.

Why: held-out failures are never shown, but every studied database was once new to the engine. Run on the engine
as it was when a database's questions were added (before any rule was written for it), its answered-but-wrong
answers are the first-contact failures a new warehouse meets: the proxy the trust checks are measured on.

    git worktree add --detach /tmp/old <commit that added the database's questions>
    cd /tmp/old && PYTHONPATH=/tmp/old <this venv>/bin/python <this tree>/scripts/first_contact_replay.py billing out.jsonl

(PYTHONPATH makes the old tree's modules load before an editable install of this one.) Held-out databases are
refused: their questions are never written out.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import evalcore  # noqa: E402

from services.conversation.engine.generic import WithGenericIntents  # noqa: E402
from services.conversation.engine.offline.analyst import OfflineAnalyst  # noqa: E402
from scripts.localbox import SqliteToolbox  # noqa: E402

SUITE = ROOT / "eval" / "business"


async def replay(db: str, out: Path) -> tuple[int, int, int]:
    """(questions, right, answered-but-wrong) of ``db``; one line per question in ``out``."""
    split = json.loads((SUITE / "split.json").read_text())
    if db not in split["studied"]:
        raise SystemExit(f"{db}: not a studied database (held-out questions are never written out)")
    spec = importlib.util.spec_from_file_location("business_build", SUITE / "build.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    path = Path(mod.build(db, Path(tempfile.mkdtemp(prefix="first-contact-"))))
    analyst = WithGenericIntents(OfflineAnalyst())
    box = SqliteToolbox(path)
    await box.schema()
    right = wrong = n = 0
    with out.open("w") as f:
        for q in evalcore.load_questions(SUITE / "questions.json"):
            if q.db_id != db:
                continue
            sql, reply = "", ""
            try:
                ans = await analyst.answer(q.question, toolbox=box, history=[], state={}, mode="economy", deep=False)
                first = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
                sql = first.result.sql if first and first.result else ""
                reply = " ".join(str(getattr(p, "text", "") or "") for p in ans.parts)
            except Exception as e:  # noqa: BLE001 - a crash is an unanswered question
                reply = f"error: {e!r}"
            correct = bool(sql) and evalcore.compare(path, q.gold, sql)[0]
            n, right, wrong = n + 1, right + correct, wrong + (bool(sql) and not correct)
            f.write(json.dumps({"db": db, "index": q.index, "question": q.question, "gold": q.gold, "sql": sql,
                                "reply": reply, "answered": bool(sql), "correct": correct}) + "\n")
    box.close()
    return n, right, wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", help="a studied business database id")
    ap.add_argument("out", type=Path, help="JSON lines, one per question")
    args = ap.parse_args()
    n, right, wrong = asyncio.run(replay(args.db, args.out))
    print(f"{args.db}: {n} questions, right {right} ({right / max(n, 1):.1%}), "
          f"answered-but-wrong {wrong} ({wrong / max(n, 1):.1%})")


if __name__ == "__main__":
    main()
