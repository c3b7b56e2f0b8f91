"""Run a command and print its wall time and the CPU time of every process it started, Chromium's too.

    .venv/bin/python tests/cputime.py make test

`/usr/bin/time` counts only the processes that their parents waited for: Chromium's renderers and
browser process are left out when Playwright's driver does not wait for them, and they use most of the
browser tests' CPU time. Here the command runs under a subreaper (Linux's PR_SET_CHILD_SUBREAPER), so every
descendant that outlives its parent is waited for here and its CPU time counted.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("cputime: could not become a subreaper; CPU time of orphaned processes is left out", file=sys.stderr)
    load = os.getloadavg()[0]
    start = time.monotonic()
    child = subprocess.Popen(argv)
    code, deadline = None, None
    while True:  # every child, and every orphaned descendant handed to us
        try:
            pid, status = os.waitpid(-1, os.WNOHANG if deadline else 0)
        except ChildProcessError:
            break
        if pid == child.pid:
            code, wall = os.waitstatus_to_exitcode(status), time.monotonic() - start
            deadline = time.monotonic() + 60  # descendants left running: wait a minute at most
        elif pid == 0:
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"cputime: wall {wall:.0f} s; CPU {used.ru_utime + used.ru_stime:.0f} s (user {used.ru_utime:.0f} s, "
          f"system {used.ru_stime:.0f} s), every process started; load average {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end", file=sys.stderr)
    return code if code is not None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
