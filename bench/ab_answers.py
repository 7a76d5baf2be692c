"""Before/after for answers: ``bench_answers`` on a baseline checkout and on this tree, alternating.

The machine is shared, so single runs vary by 2x; the two sides run in turns (order swapped every
round) with the same harness (this tree's bench_answers.py, copied into the baseline checkout), and
the medians over rounds are compared.

    git worktree add /tmp/base <ref> && python3 -m venv /tmp/base/.venv && /tmp/base/.venv/bin/pip install -e /tmp/base
    .venv/bin/python -m bench.ab_answers --baseline /tmp/base [--rounds 3 --levels 1,8 --passes 3]
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


def run(tree: Path, python: str, levels: str, passes: int, seconds: float,
        answers: Path | None = None) -> dict[int, dict[str, Any]]:
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        extra = ["--answers", str(answers)] if answers is not None else []
        subprocess.run([python, "-m", "bench.bench_answers", "--levels", levels, "--passes", str(passes),
                        "--seconds", str(seconds), "--json", f.name, *extra], cwd=tree, check=True,
                       stdout=subprocess.DEVNULL, timeout=1800)
        return {row["concurrency"]: row for row in json.loads(Path(f.name).read_text())["levels"]}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", required=True, help="a checkout of the baseline, with its own .venv")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--levels", default="1,8")
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--answers", default="", help="a directory: each side's first round also writes its answers "
                                                  "there (bench_answers --answers), and they are compared")
    a = ap.parse_args(argv)
    dumps = Path(a.answers) if a.answers else None
    if dumps is not None:
        dumps.mkdir(parents=True, exist_ok=True)
    base = Path(a.baseline).resolve()
    shutil.copy(ROOT / "bench" / "bench_answers.py", base / "bench" / "bench_answers.py")
    sides = {"baseline": (base, str(base / ".venv" / "bin" / "python")), "this tree": (ROOT, sys.executable)}
    got: dict[str, list[dict[int, dict[str, Any]]]] = {k: [] for k in sides}
    section(f"answers A/B: {a.rounds} rounds, levels {a.levels}, {a.passes} passes over the questions")
    for r in range(a.rounds):
        order = list(sides) if r % 2 == 0 else list(reversed(sides))
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
    if dumps is not None:
        before, after = ((dumps / f"{n}.jsonl").read_text().splitlines() for n in ("baseline", "this_tree"))
        differ = [b for b, h in zip(before, after, strict=True) if b != h]
        out["answers_differing"] = len(differ)
        print(f"  answers: {len(before)} per side, {len(differ)} differ (masked dumps in {dumps})")
    for c in sorted(got["baseline"][0]):
        med = {name: {k: statistics.median(run_[c][k] for run_ in runs)
                      for k in ("p50_ms", "answers_per_s", "cpu_ms_per_answer")}
               for name, runs in got.items()}
        b, h = med["baseline"], med["this tree"]
        out[str(c)] = {"baseline": b, "this_tree": h, "p50_ratio": round(h["p50_ms"] / b["p50_ms"], 2),
                       "throughput_ratio": round(h["answers_per_s"] / b["answers_per_s"], 2),
                       "cpu_ratio": round(h["cpu_ms_per_answer"] / b["cpu_ms_per_answer"], 2)}
        print(f"  c={c}: median p50 {b['p50_ms']:.1f} -> {h['p50_ms']:.1f} ms ({out[str(c)]['p50_ratio']}x), "
              f"answers/s {b['answers_per_s']:.1f} -> {h['answers_per_s']:.1f} ({out[str(c)]['throughput_ratio']}x), "
              f"CPU/answer {b['cpu_ms_per_answer']:.1f} -> {h['cpu_ms_per_answer']:.1f} ms ({out[str(c)]['cpu_ratio']}x)")
    return out


if __name__ == "__main__":
    main()
