"""YAML syntax errors in plain words: the line where the problem starts, what is wrong, how to fix it.

PyYAML (and LibYAML, which words the same errors differently) describes a syntax error in its own
terms ("while parsing a block mapping … expected <block end>") and at the place where it gave up,
which can be many lines after the mistake: an unclosed quote swallows the lines after it. Each rule
below recognises one of their usual messages and explains it for someone who edits the data files,
looking at the text itself for the hint (which quote, which column, which field).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

# ----------------------------------------------------------------------------
# What an error says, and the text around it
# ----------------------------------------------------------------------------

# A line that starts a field (`name:`) or a list entry (`- `), after its indentation.
_STARTS_ENTRY = re.compile(r"^\s*(?:- |-$|[\w-]+:(?:\s|$))")
# `name: value` (optionally as a list entry), for a hint that shows the fixed line.
_FIELD = re.compile(r"^(\s*(?:- )?)([\w-]+):[ \t]+(\S.*?)\s*$")


@dataclass(frozen=True)
class Found:
    """One syntax error: PyYAML's words, its two places (1-based lines, 0-based columns), the text."""

    words: str  # context and problem, lower case
    line: int  # where the reader gave up
    column: int
    start: int  # where what it was reading began (the context), else `line`
    start_column: int
    lines: list[str]

    def text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def char(self) -> str:
        text = self.text(self.line)
        return text[self.column] if self.column < len(text) else ""


def found(exc: yaml.MarkedYAMLError, text: str) -> Found:
    problem, context = exc.problem_mark, exc.context_mark
    at = problem or context
    start = context or problem
    return Found(
        words=" ".join(filter(None, [exc.context, exc.problem])).lower(),
        line=at.line + 1 if at else 1, column=at.column if at else 0,
        start=start.line + 1 if start else 1, start_column=start.column if start else 0,
        lines=text.splitlines(),
    )


def indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def previous_line(err: Found, line: int) -> int:
    """The nearest line above `line` with something on it (not blank, not only a comment), or 0."""
    for number in range(line - 1, 0, -1):
        stripped = err.text(number).strip()
        if stripped and not stripped.startswith("#"):
            return number
    return 0


def quoted_example(text: str) -> str:
    """`title: Tokyo: the summit` -> `title: "Tokyo: the summit"`, or '' if the line is no field."""
    match = _FIELD.match(text)
    if not match:
        return ""
    lead, key, value = match.groups()
    value = value.split(" #", 1)[0].rstrip()
    if '"' in value:
        return f"{lead.strip()} {key}: '{value.replace(chr(39), chr(39) * 2)}'".strip()
    return f'{lead.strip()} {key}: "{value}"'.strip()


def for_example(text: str) -> str:
    example = quoted_example(text)
    return f", for example {example}" if example else ""


# ----------------------------------------------------------------------------
# An unclosed quote, wherever the reader gave up
# ----------------------------------------------------------------------------


def unclosed_quote(text: str, upto: int) -> tuple[int, str] | None:
    """The first quoted text before line `upto` that runs over lines that look like fields of their own.

    Such a quote was meant to close on its own line: the reader took the lines after it as part of
    the text, and stopped lines later. Found with PyYAML's pure-Python scanner, which knows where
    every quoted text starts and ends (a quote inside unquoted text, as in `Tokyo "Summit"`, is none).
    """
    scanner = yaml.SafeLoader(text)
    try:
        while scanner.check_token():
            token = scanner.get_token()
            if token.start_mark.line + 1 > upto:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and token.end_mark.line > token.start_mark.line:
                inside = text[token.start_mark.index : token.end_mark.index].splitlines()[1:]
                if any(_STARTS_ENTRY.match(ln) for ln in inside):
                    return token.start_mark.line + 1, token.style
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return None


def never_closed(line: int, quote: str, swallowed: bool) -> str:
    what = f"the quote ({quote}) opened on line {line} is never closed"
    if swallowed:
        what += ", so the lines after it were read as part of its text"
    other = "'" if quote == '"' else '"'
    return f"{what}; expected a closing {quote} at the end of the text on the same line (text that contains {quote} can go in {other}…{other})"


# ----------------------------------------------------------------------------
# The rules: each recognises PyYAML's or LibYAML's wording and explains it
# ----------------------------------------------------------------------------


def _quote_not_closed(err: Found) -> tuple[int, str]:
    quote = err.text(err.start)[err.start_column : err.start_column + 1] or '"'
    return err.start, never_closed(err.start, quote, swallowed=False)


def _bad_escape(err: Found) -> tuple[int, str]:
    escape = re.search(r"\\[^0abtnvfre \"/\\N_LPxuU\t]", err.text(err.line))
    which = f" ({escape[0]})" if escape else ""
    return err.line, (
        f"a backslash (\\) inside double quotes starts a special character such as \\n, and this one{which} is not one; "
        "expected \\\\ for a backslash, or the text in single quotes ('…'), where a backslash is just a backslash"
    )


def _tab(err: Found) -> tuple[int, str]:
    line = next((n for n in range(1, err.line + 1) if re.match(r"^ *\t", err.text(n))), 0)
    if line:
        return line, "this line is indented with a tab; expected spaces only (YAML does not allow tabs for indentation)"
    return err.line, f"a tab is not allowed here outside quotes; expected spaces{for_example(err.text(err.line))}"


def _colon_in_text(err: Found) -> tuple[int, str]:
    text, above = err.text(err.line), previous_line(err, err.line)
    parent = err.text(above)
    if _STARTS_ENTRY.match(text) and indent(text) > indent(parent) and not parent.rstrip().endswith(":"):
        return err.line, (
            f"this line is indented more than line {above}, which already has its value, so it cannot start a field there; "
            f"expected it in the same column as the field it belongs with (or, if it continues the text of line {above}, that whole text in quotes)"
        )
    return err.line, (
        "the text here contains a colon followed by a space (': '), which starts a field; "
        f"expected text with ': ' in quotes{for_example(text)}"
    )


def _missing_colon(err: Found) -> tuple[int, str]:
    text = err.text(err.start)
    glued = re.match(r"^\s*(?:- )?([\w-]+):(\S.*)$", text)
    if glued:
        return err.start, f"a space is missing after '{glued[1]}:'; expected '{glued[1]}: {glued[2].strip()}'"
    above = previous_line(err, err.start)
    if above and _FIELD.match(err.text(above)) and indent(text) <= indent(err.text(above)):
        return err.start, (
            f"this line has no 'name:' before its text; expected 'name: value', or, if it continues the text of line {above}, "
            "indented further than that field's name"
        )
    return err.start, "this line has no ':' after a field name; expected 'name: value' (a colon and a space after the name)"


def _cannot_start(err: Found) -> tuple[int, str]:
    char = err.char() or "this character"
    return err.line, (
        f"a value cannot start with {char!r} (it has a special meaning in YAML); "
        f"expected the text in quotes{for_example(err.text(err.line))}"
    )


def _alias_or_anchor(err: Found) -> tuple[int, str]:
    char = "&" if "anchor" in err.words else "*"
    return err.line, (
        f"a value cannot start with '{char}' (YAML reads it as a reference to another value, which data files do not use); "
        f"expected the text in quotes{for_example(err.text(err.line))}"
    )


def _second_document(err: Found) -> tuple[int, str]:
    return err.line, "a line '---' starts a second document here; expected one document per file (remove the '---' line)"


def _document_ended(err: Found) -> tuple[int, str]:
    end = next((n for n in range(err.line - 1, 0, -1) if err.text(n).rstrip() == "..."), err.line)
    return end, "the line '...' ends the file's content, but more follows; expected nothing after it (remove the '...' line)"


def _directive(err: Found) -> tuple[int, str]:
    return err.line, "a line starting with '%' is an instruction to the YAML reader, which data files do not use; expected it removed"


def _entry_on_field_line(err: Found) -> tuple[int, str]:
    return err.line, (
        "a list entry ('- ') cannot start on the same line as its field name; "
        "expected the field name alone on its line, and each entry on a line of its own below it, indented"
    )


def _block_text_header(err: Found) -> tuple[int, str]:
    return err.line, (
        "only a line break may follow '|' or '>' (they start text that runs over several lines); "
        "expected the text to start on the next line, indented"
    )


def _unclosed_bracket(err: Found) -> tuple[int, str]:
    opening, closing = ("{", "}") if "mapping" in err.words else ("[", "]")
    return err.start, (
        f"the '{opening}' opened on line {err.start} is never closed; expected a '{closing}' after the last entry "
        "(with a comma between entries), or the entries written one per line"
    )


def _empty_entry(err: Found) -> tuple[int, str]:
    return err.line, "an entry between brackets is empty (two commas in a row, or a comma before the closing bracket); expected a value between commas"


def _broken_list(err: Found) -> tuple[int, str]:
    column = indent(err.text(err.start)) + 1
    return err.line, (
        f"this line does not fit the list that starts on line {err.start}: its entries start with '- ' in column {column}; "
        f"expected this line to start there with '- ', or to be indented further as part of an entry"
    )


def _field_does_not_fit(err: Found) -> tuple[int, str]:
    text = err.text(err.line)
    after_quote = re.match(r"""^\s*(?:- )?[\w-]+:\s*(["'])(?:(?!\1).)*\1\s*([^\s#].*)$""", text)
    if after_quote:
        quote = after_quote[1]
        other = "'" if quote == '"' else '"'
        return err.line, (
            f"text follows the closing quote ({quote}); expected the whole value inside the quotes, "
            f"using {other}…{other} around text that itself contains {quote}"
        )
    if text.count("]") > text.count("[") or text.count("}") > text.count("{"):
        return err.line, "a closing bracket here has no opening bracket before it; expected ']' or '}' only to close a '[' or '{'"
    if text.lstrip().startswith(":"):
        return err.line, "this line starts with ':'; expected a field name before the colon"
    above = previous_line(err, err.line)
    return err.line, (
        f"this line is indented by {spaces(indent(text))}, which matches none of the lines above it "
        f"(line {above} has {indent(err.text(above))}); expected the same indentation as the lines it belongs with"
    )


def _unknown(err: Found) -> tuple[int, str]:
    return err.line, (
        "this line cannot be read; expected 'name: value' lines, list entries starting with '- ', "
        "the same indentation for fields that belong together, and every quote closed"
    )


# (name, the words that identify it in PyYAML's or LibYAML's message, its explanation); first match wins.
Rule = tuple[str, re.Pattern[str], Callable[[Found], tuple[int, str]]]
RULES: list[Rule] = [
    ("unclosed-quote", re.compile(r"quoted scalar.*end of stream"), _quote_not_closed),
    ("bad-escape", re.compile(r"escape"), _bad_escape),
    ("tab", re.compile(r"tab character|'\\t'"), _tab),
    ("colon-in-text", re.compile(r"mapping values are not allowed"), _colon_in_text),
    ("missing-colon", re.compile(r"could not find expected ':'"), _missing_colon),
    ("alias-or-anchor", re.compile(r"alias|anchor"), _alias_or_anchor),
    ("cannot-start", re.compile(r"cannot start any token"), _cannot_start),
    ("second-document", re.compile(r"single document"), _second_document),
    ("document-ended", re.compile(r"document start"), _document_ended),
    ("directive", re.compile(r"directive"), _directive),
    ("entry-on-field-line", re.compile(r"sequence entries are not allowed"), _entry_on_field_line),
    ("block-text-header", re.compile(r"block scalar"), _block_text_header),
    ("unclosed-bracket", re.compile(r"flow (sequence|mapping)"), _unclosed_bracket),
    ("empty-entry", re.compile(r"flow node"), _empty_entry),
    ("broken-list", re.compile(r"block collection"), _broken_list),
    ("field-does-not-fit", re.compile(r"block mapping"), _field_does_not_fit),
]


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int, str]:
    """(rule name, line, message) for a syntax error that PyYAML or LibYAML raised on `text`."""
    err = found(exc, text)
    quote = unclosed_quote(text, max(err.line, err.start))
    if quote:
        return "unclosed-quote", quote[0], never_closed(quote[0], quote[1], swallowed=True)
    for name, words, rule in RULES:
        if words.search(err.words):
            return (name, *rule(err))
    return ("unknown", *_unknown(err))
