"""Problems found in `data/`, and how they are printed for an editor."""

from __future__ import annotations

import re
from dataclasses import dataclass

Loc = tuple[str | int, ...]

# A key written as is in a field path; any other key is shown quoted, e.g. ['a:b'].
_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,59}$")


def format_path(loc: Loc) -> str:
    """('participants', 2, 'country') -> 'participants[2].country'.

    A key that is not a plain name (a typo like 'a: b', a colon, a line break, a
    terminal escape) is shown quoted and escaped, so the path stays on one line
    and never contains the ':' that separates the parts of a problem line.
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += "[" + show(part).replace(":", "\\x3a") + "]"
    return out


def one_line(text: str) -> str:
    """Text safe for one line of a terminal: every unprintable character is escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] if c.isascii() else f"\\u{ord(c):04x}" for c in text)


def show(value: object, limit: int = 60) -> str:
    """A short, printable repr of a bad value for an error message."""
    text = repr(value)
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: `file:line: field.path: message`, or `file:line: message` for the whole file."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        # Each part is made printable and one line; a ':' in a file name is escaped like one in a key.
        file = one_line(self.file).replace(":", "\\x3a")
        where = f" {one_line(self.path)}:" if self.path else ""  # a problem with the whole file names no field
        return f"{file}:{self.line}:{where} {one_line(self.message)}"


class DataError(Exception):
    """Raised with every problem found, never with just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} in data/; nothing was built.")
        return "\n".join(lines)
