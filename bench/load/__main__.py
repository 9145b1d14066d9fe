"""`python -m bench.load [--duration S] [--learners N] [--config C]... [--think S]...`

Runs every configuration (sqlite, postgres) with every mean think time (1 s, then 0 s).
"""

from __future__ import annotations

import argparse
import sys

from . import report
from .run import Result, run

CONFIGS = ("sqlite", "postgres")
THINK = (1.0, 0.0)  # people reading and typing; then no pause at all, the saturation point
FULL_RUN = 60.0  # a shorter run is a smoke test: its figures do not go into the doc


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--duration", type=float, default=FULL_RUN, help="seconds of load")
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument(
        "--think",
        type=float,
        action="append",
        help="mean think time in seconds; repeat for several runs (default: 1 and 0)",
    )
    parser.add_argument("--config", choices=CONFIGS, action="append", help="default: both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--doc",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"write docs/benchmarks.md (default: only for a full run, ≥ {FULL_RUN:.0f} s, "
        "of both configurations)",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    configs = args.config or list(CONFIGS)
    thinks = args.think or list(THINK)
    results: list[Result] = []
    for think in thinks:
        for config in configs:
            print(
                f"{config}: {args.learners} learners, think {think:g} s, for "
                f"{args.duration:.0f} s ...",
                flush=True,
            )
            results.append(run(config, args.learners, args.duration, think, args.seed))
            print(report.summary(results[-1]), flush=True)
    full = args.duration >= FULL_RUN and set(configs) == set(CONFIGS) and set(thinks) >= {1.0}
    if args.doc or (args.doc is None and full):
        report.write(report.markdown(results, report.findings(results)))
        print(f"wrote {report.DOC}")
    met = all(goal.met for result in results for goal in report.goals(result))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
