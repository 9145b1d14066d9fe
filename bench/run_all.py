"""Run every benchmark and rewrite docs/benchmarks.md with their figures (`make bench`)."""

from __future__ import annotations

import sys
import time

import bench_browser
import bench_explain
import bench_labs
import bench_startup
import bench_throughput
from common import DOC, HEADER, Section, write_sections

BENCHMARKS = (bench_throughput, bench_explain, bench_browser, bench_startup, bench_labs)


def main() -> int:
    sections: list[Section] = []
    for bench in BENCHMARKS:
        start = time.perf_counter()
        print(f"{bench.__name__} ...", end=" ", flush=True)
        sections.append(bench.run())
        verdicts = ", ".join("met" if g.met else "MISSED" for g in sections[-1].goals)
        print(f"{time.perf_counter() - start:.0f} s; goals: {verdicts or 'not run'}", flush=True)
    # Sections of this run replace their old text; the load section (`make load`, about
    # five minutes) is kept from its own last run.
    if not DOC.exists():
        DOC.write_text(HEADER)
    write_sections(sections)
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
