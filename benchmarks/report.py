"""The benchmark's report: the table, the ratios within the run, and the targets."""

from __future__ import annotations

import contextlib
import math
import os
import statistics
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from measure import BuildResult, ServeResult

COLUMNS = ["N", "pages", "build s", "cpu s", "cold cpu s", "peak MB", "load ms", "validate ms", "render ms", "floor s", "plain s",
           "plain cpu s", "overhead %", "x plain", "x plain cpu", "x plain cpu cold", "ms/page"]


@dataclass
class Row:
    """One dataset built by one version of the code, with the two comparison sites of the same run."""

    label: str
    pages: int
    build: BuildResult
    floor: BuildResult
    plain: BuildResult
    hooks_ms: dict[str, float]
    cold: BuildResult | None = None  # builds of this code right after emptying .cache/ (no compiled templates, no kept records)

    @property
    def ok(self) -> bool:
        return self.build.ok and self.floor.ok and self.plain.ok

    @property
    def overhead(self) -> float:
        return (self.build.seconds - self.floor.seconds) / self.floor.seconds * 100

    @property
    def x_plain(self) -> float:
        return self.build.seconds / self.plain.seconds

    @property
    def x_plain_cpu(self) -> float:
        return self.build.cpu / self.plain.cpu

    @property
    def x_plain_cpu_cold(self) -> float:
        return self.cold.cpu / self.plain.cpu if self.cold is not None and self.cold.ok else math.nan

    @property
    def per_page_ms(self) -> float:
        return self.build.seconds * 1000 / self.pages


def fmt(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.{digits}f}"


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), cpu)
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    versions = []
    for dist in ("mkdocs", "mkdocs-material", "pydantic", "jinja2"):
        with contextlib.suppress(Exception):
            versions.append(f"{dist} {version(dist)}")
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = f"; load average {os.getloadavg()[0]:.1f} at the end" if hasattr(os, "getloadavg") else ""
    return f"{cpus} CPUs ({cpu}){mem}; Python {sys.version.split()[0]}, " + ", ".join(versions) + load


def table(rows: list[Row]) -> str:
    body = []
    for r in rows:
        body.append([
            r.label, str(r.pages),
            fmt(r.build.seconds, 2) if r.build.ok else "FAILED", fmt(r.build.cpu, 2),
            fmt(r.cold.cpu, 2) if r.cold is not None and r.cold.ok else "n/a", fmt(r.build.peak_mb, 0),
            fmt(r.hooks_ms["load"]), fmt(r.hooks_ms["validate"]), fmt(r.hooks_ms["render"]),
            fmt(r.floor.seconds, 2) if r.floor.ok else "FAILED", fmt(r.plain.seconds, 2) if r.plain.ok else "FAILED",
            fmt(r.plain.cpu, 2), f"{r.overhead:+.1f}" if r.ok else "n/a", f"{r.x_plain:.2f}" if r.ok else "n/a",
            fmt(r.x_plain_cpu, 2) if r.ok else "n/a", fmt(r.x_plain_cpu_cold, 2) if r.ok else "n/a",
            fmt(r.per_page_ms, 1) if r.build.ok else "n/a",
        ])
    widths = [max(len(c), *(len(b[i]) for b in body)) for i, c in enumerate(COLUMNS)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))) + " |"

    sep = "|" + "|".join("-" * (w + 1) + ":" if i else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(COLUMNS), sep, *(line(b) for b in body)])


def median(values: list[float]) -> float:
    known = [x for x in values if not math.isnan(x)]
    return statistics.median(known) if known else math.nan


def serve_summary(label: str, s: ServeResult, full_build_s: float = math.nan, full_build_cpu: float = math.nan) -> str:
    """`full_build_s`, `full_build_cpu`: a full build of the same data in this run (wall and CPU seconds), to give
    the edit's time as a share of it."""
    if s.error:
        return f"  {label}: FAILED ({s.error.splitlines()[0] if s.error else ''})"
    share = median(s.served_ms) / 1000 / full_build_s
    cpu_share = median(s.cpu_ms) / 1000 / full_build_cpu
    return (f"  {label}: edit served in median {fmt(median(s.served_ms))} ms (min {fmt(min(s.served_ms))}, "
            f"max {fmt(max(s.served_ms))}, {len(s.served_ms)} edits); of which change noticed after "
            f"{fmt(median(s.detect_ms))} ms, rebuild {fmt(median(s.build_ms))} ms (mkdocs' own figure); "
            f"first build served after {fmt(s.first_build_s, 1)} s"
            + ("" if math.isnan(share) else f"; {share:.2f}x a full build of the same data ({full_build_s:.2f} s)")
            + ("" if math.isnan(cpu_share) else f"; the server's CPU time for the edit: median {fmt(median(s.cpu_ms))} ms, "
                                                f"{cpu_share:.2f}x a full build's ({full_build_cpu:.2f} s)"))


def ratios(rows: list[Row], baseline: dict[str, Row]) -> list[str]:
    """Comparisons within this run: the only kind that means something on a shared machine."""
    ok = [r for r in rows if r.ok]
    out = ["Ratios (this run; wall time, and CPU time, which moves less with the machine's load):",
           "  build / plain Material site of as many pages: " + ", ".join(
               f"{r.label} {r.x_plain:.2f}x (CPU {r.x_plain_cpu:.2f}x, median CPU {r.build.cpu_median / r.plain.cpu_median:.2f}x; "
               f"cold, empty .cache/: CPU {fmt(r.x_plain_cpu_cold, 2)}x, median {fmt(r.cold.cpu_median / r.plain.cpu_median, 2)}x)"
               for r in ok),
           "  hooks / floor build time: " + ", ".join(f"{r.label} {r.build.seconds / r.floor.seconds:.2f}x" for r in ok),
           "  hooks' own work (load+validate+render) vs measured overhead (build - floor): " + ", ".join(
               f"{r.label} {fmt(sum(r.hooks_ms.values()))} ms vs {fmt((r.build.seconds - r.floor.seconds) * 1000)} ms" for r in ok)]
    for r in rows:
        base = baseline.get(r.label)
        if base and base.build.ok and r.build.ok:
            out.append(f"  {r.label}: this code / baseline build time {r.build.seconds / base.build.seconds:.2f}x "
                       f"({r.build.seconds:.2f} s vs {base.build.seconds:.2f} s), CPU "
                       f"{r.build.cpu / base.build.cpu:.2f}x ({r.build.cpu:.2f} s vs {base.build.cpu:.2f} s; median "
                       f"{r.build.cpu_median / base.build.cpu_median:.2f}x); cold CPU {fmt(r.cold.cpu / base.cold.cpu, 2)}x "
                       f"({fmt(r.cold.cpu, 2)} s vs {fmt(base.cold.cpu, 2)} s; median {fmt(r.cold.cpu_median / base.cold.cpu_median, 2)}x); "
                       f"pages written {r.build.pages} vs {base.build.pages}")
    big, mid = (next((r for r in rows if r.label == n and r.build.ok), None) for n in ("1000", "100"))
    if big and mid:
        out.append(f"  per-page cost N=1000 / N=100: {big.per_page_ms / mid.per_page_ms:.2f}x "
                   f"({fmt(big.per_page_ms, 1)} vs {fmt(mid.per_page_ms, 1)} ms/page)")
    out.append("  (a build can beat its floor: the hooks set the generated pages' HTML blocks aside from Python-Markdown,"
               " which the floor's plain Markdown pages cannot do; see hooks/cajd/htmlblocks.py)")
    return out


def mark(name: str, ok: bool | None, value: str) -> str:
    return f"  [{'n/a ' if ok is None else 'ok  ' if ok else 'MISS'}] {name}: {value}"


def targets(rows: list[Row], baseline: dict[str, Row], real: str | None, served_ms: float) -> list[str]:
    by = {r.label: r for r in rows}
    big, mid, real_row = by.get("1000"), by.get("100"), by.get(real) if real else None
    out = ["Targets:"]
    known = big is not None and big.build.ok and big.floor.ok
    out.append(mark("hooks add <= 5% over the floor at N=1000", big.overhead <= 5 if known else None,
                    f"{big.overhead:+.1f}%" if known else "not measured"))
    ratio = big.per_page_ms / mid.per_page_ms if big and mid and big.build.ok and mid.build.ok else math.nan
    out.append(mark("per-page cost at N=1000 within 1.5x of N=100", None if math.isnan(ratio) else ratio <= 1.5,
                    "not measured" if math.isnan(ratio) else f"{ratio:.2f}x"))
    known = real_row is not None and real_row.ok
    out.append(mark(f"real site builds in <= 1.3x a plain Material site of as many pages ({real or 'skipped'})",
                    real_row.x_plain <= 1.3 if known else None, f"{real_row.x_plain:.2f}x" if known else "not measured"))
    base = baseline.get(real) if real else None
    known = base is not None and base.build.ok and real_row is not None and real_row.build.ok
    out.append(mark("real site builds no slower than the baseline (within 5%)",
                    real_row.build.seconds <= base.build.seconds * 1.05 if known else None,
                    f"{real_row.build.seconds / base.build.seconds:.2f}x" if known else "no baseline"))
    out.append(mark("a YAML edit is served in <= 1 s at real size", None if math.isnan(served_ms) else served_ms <= 1000,
                    "not measured" if math.isnan(served_ms) else f"median {served_ms:.0f} ms"))
    share = served_ms / 1000 / real_row.build.seconds if real_row is not None and real_row.build.ok else math.nan
    out.append(mark("... and in <= 0.4x a full build of the real site", None if math.isnan(share) else share <= 0.4,
                    "not measured" if math.isnan(share) else f"{share:.2f}x"))
    return out
