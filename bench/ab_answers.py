"""Before/after for answers: ``bench_answers`` on a baseline checkout and on this tree, alternating.

The machine is shared, so single runs vary by 2x; the two sides run in turns (order swapped every
round) with the same harness (this tree's bench_answers.py, copied into the baseline checkout), and
the medians over rounds are compared.

    git worktree add /tmp/base <ref> && python3 -m venv /tmp/base/.venv && /tmp/base/.venv/bin/pip install -e /tmp/base
    .venv/bin/python -m bench.ab_answers --baseline /tmp/base [--rounds 3 --levels 1,8 --passes 3]

``--baseline`` may be given more than once (e.g. the commit an issue was filed at and today's main): every
side runs once per round, the order rotating each round, and this tree is compared with each baseline.
Never name the main checkout itself: the harness is copied into each baseline checkout.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.common import ROOT, section


STARTS = 3  # a side whose stack did not start (the launcher's 60 s, on a loaded machine) is run again, up to this


def run(tree: Path, python: str, levels: str, passes: int, seconds: float,
        answers: Path | None = None) -> dict[int, dict[str, Any]]:
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        extra = ["--answers", str(answers)] if answers is not None else []
        for attempt in range(1, STARTS + 1):
            try:
                subprocess.run([python, "-m", "bench.bench_answers", "--levels", levels, "--passes", str(passes),
                                "--seconds", str(seconds), "--json", f.name, *extra], cwd=tree, check=True,
                               stdout=subprocess.DEVNULL, timeout=1800)
                break
            except subprocess.CalledProcessError:
                if attempt == STARTS:
                    raise
                print(f"  ({tree.name}: the run failed, e.g. its stack did not start; running it again)", flush=True)
        return {row["concurrency"]: row for row in json.loads(Path(f.name).read_text())["levels"]}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", required=True, action="append",
                    help="a checkout of the baseline, with its own .venv (repeat for several baselines)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--levels", default="1,8")
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--answers", default="", help="a directory: each side's first round also writes its answers "
                                                  "there (bench_answers --answers), and they are compared")
    ap.add_argument("--json", default="", help="also write the medians and every round's figures to this file")
    a = ap.parse_args(argv)
    dumps = Path(a.answers) if a.answers else None
    if dumps is not None:
        dumps.mkdir(parents=True, exist_ok=True)
    bases = [Path(b).resolve() for b in a.baseline]
    names = ["baseline"] if len(bases) == 1 else [f"baseline {b.name}" for b in bases]
    sides: dict[str, tuple[Path, str]] = {}
    for name, base in zip(names, bases, strict=True):
        shutil.copy(ROOT / "bench" / "bench_answers.py", base / "bench" / "bench_answers.py")
        sides[name] = (base, str(base / ".venv" / "bin" / "python"))
    sides["this tree"] = (ROOT, sys.executable)
    got: dict[str, list[dict[int, dict[str, Any]]]] = {k: [] for k in sides}
    section(f"answers A/B: {a.rounds} rounds, levels {a.levels}, {a.passes} passes over the questions")
    for r in range(a.rounds):
        if len(sides) == 2:  # swapped every round
            order = list(sides) if r % 2 == 0 else list(reversed(sides))
        else:  # rotated: each side goes first, second, ... in turn
            order = list(sides)[r % len(sides):] + list(sides)[:r % len(sides)]
        for name in order:
            tree, python = sides[name]
            dump = dumps / f"{name.replace(' ', '_')}.jsonl" if dumps is not None and r == 0 else None
            res = run(tree, python, a.levels, a.passes, a.seconds, dump)
            got[name].append(res)
            print(f"  round {r + 1} {name:9s}: " + "  ".join(
                f"c={c} p50 {row['p50_ms']:.1f} ms {row['answers_per_s']:.1f}/s CPU {row['cpu_ms_per_answer']} ms "
                f"err {row['errors']}"
                for c, row in sorted(res.items())), flush=True)
    out: dict[str, Any] = {}
    for name in names:
        if dumps is None:
            break
        before, after = ((dumps / f"{n.replace(' ', '_')}.jsonl").read_text().splitlines() for n in (name, "this tree"))
        differ = [b for b, h in zip(before, after, strict=True) if b != h]
        out["answers_differing" if len(names) == 1 else f"answers_differing {name}"] = len(differ)
        print(f"  answers against {name}: {len(before)} per side, {len(differ)} differ (masked dumps in {dumps})")
    for name in names:
        for c in sorted(got[name][0]):
            med = {side: {k: statistics.median(run_[c][k] for run_ in got[side])
                          for k in ("p50_ms", "answers_per_s", "cpu_ms_per_answer")}
                   for side in (name, "this tree")}
            b, h = med[name], med["this tree"]
            row = {"baseline": b, "this_tree": h, "p50_ratio": round(h["p50_ms"] / b["p50_ms"], 2),
                   "throughput_ratio": round(h["answers_per_s"] / b["answers_per_s"], 2),
                   "cpu_ratio": round(h["cpu_ms_per_answer"] / b["cpu_ms_per_answer"], 2)}
            out[str(c) if len(names) == 1 else f"{name} c={c}"] = row
            print(f"  {name} c={c}: median p50 {b['p50_ms']:.1f} -> {h['p50_ms']:.1f} ms ({row['p50_ratio']}x), "
                  f"answers/s {b['answers_per_s']:.1f} -> {h['answers_per_s']:.1f} ({row['throughput_ratio']}x), "
                  f"CPU/answer {b['cpu_ms_per_answer']:.1f} -> {h['cpu_ms_per_answer']:.1f} ms ({row['cpu_ratio']}x)")
    out["rounds"] = {side: [{str(c): row for c, row in res.items()} for res in runs] for side, runs in got.items()}
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=1))
    return out


if __name__ == "__main__":
    main()
