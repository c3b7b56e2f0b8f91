"""How a test run reports: a line per test file as it finishes, and one line about missing tools.

Registered by conftest.py. Under pytest-xdist the tests of a file run on several workers, so the
dots (which name no file) are replaced by one line when the last test of a file is done. At the
end, tests skipped because Chromium or Java is missing are summed up in one line that gives the
command installing it (with CI set those tests fail instead of skipping), and a line says whether the
template-driven checks ran on a sample or on every page (tests/conftest.py EVERY_PAGE).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

import pytest

# (words in a skip reason, which tests, what is missing, the command that installs it)
MISSING = [
    ("Chromium", "browser", "Chromium", "apt-get install chromium"),
    ("Nu Html Checker", "HTML validity", "Java", "apt-get install default-jre-headless"),
]


def file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def skip_reason(report: pytest.TestReport) -> str:
    return report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)


class Progress:
    """The per-file lines and the closing line about skipped tests."""

    def __init__(self, config: pytest.Config, every_page: bool = False):
        self.config = config
        self.every_page = every_page
        self.total: Counter[str] = Counter()
        self.done: Counter[str] = Counter()
        self.outcomes: dict[str, Counter[str]] = defaultdict(Counter)
        self.failed: set[str] = set()
        self.started = time.monotonic()

    @property
    def quiet(self) -> bool:
        return self.config.get_verbosity() <= 0

    # --- what there is to run -------------------------------------------------

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.total.update(file_of(item.nodeid) for item in session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids: list[str]) -> None:
        if not self.total:  # every worker collects the same tests
            self.total.update(file_of(nodeid) for nodeid in ids)

    # --- progress -------------------------------------------------------------

    def pytest_report_teststatus(self, report: pytest.TestReport, config: pytest.Config):
        """No dot for a passed or skipped test: the file's line says it. F and E still show at once."""
        if not self.quiet or hasattr(report, "wasxfail"):
            return None
        if report.when == "call" and report.passed:
            return "passed", "", "PASSED"
        if report.skipped:
            return "skipped", "", "SKIPPED"
        return None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed:
            self.failed.add(report.nodeid)
        if report.when == "call" or (report.when == "setup" and not report.passed):
            xfail = hasattr(report, "wasxfail")
            outcome = "failed" if report.failed else ("xfailed" if xfail else "skipped") if report.skipped else "xpassed" if xfail else "passed"
            self.outcomes[file_of(report.nodeid)][outcome] += 1
        if report.when != "teardown":
            return
        name = file_of(report.nodeid)
        self.done[name] += 1
        if self.quiet and self.done[name] == self.total[name]:
            self.file_finished(name)

    def file_finished(self, name: str) -> None:
        counts = self.outcomes[name]
        said = ", ".join(f"{counts[k]} {k}" for k in ("passed", "failed", "skipped", "xfailed", "xpassed") if counts[k])
        share = 100 * sum(self.done.values()) // max(1, sum(self.total.values()))
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(f"{name}: {said}  [{share:3d}% after {time.monotonic() - self.started:.0f} s]")

    # --- the end --------------------------------------------------------------

    def pytest_terminal_summary(self, terminalreporter, exitstatus: int, config: pytest.Config) -> None:
        skipped = [r for r in terminalreporter.stats.get("skipped", []) if not hasattr(r, "wasxfail")]
        missing, other = Counter(), Counter()
        for report in skipped:
            reason = skip_reason(report)
            known = next((m for m in MISSING if m[0].lower() in reason.lower()), None)
            (missing if known else other)[known[1:] if known else reason] += 1
        if missing:
            parts = [f"{count} {tests} tests (no {what}: `{command}`)" for (tests, what, command), count in missing.items()]
            terminalreporter.write_line(
                "Skipped " + " and ".join(parts) + "; install it to run them (with CI set they fail instead).",
                yellow=True, bold=True,
            )
        for reason, count in other.items():
            terminalreporter.write_line(f"{count} skipped: {reason}", yellow=True)
        if any(file_of(r.nodeid).startswith("tests/browser/") for r in terminalreporter.stats.get("passed", [])):
            terminalreporter.write_line(
                "The template-driven checks ran on every page of every site." if self.every_page else
                "The template-driven checks ran on a sample: one page of every kind in every language (the colour "
                "rules on the first two and the last of each kind of repeated element, the dark scheme in English "
                "and Japanese); `make test-all` runs them on every page, whole.")
