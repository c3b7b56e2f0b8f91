"""The site's languages, and the interface text of each from its gettext catalog.

English is written in the code and templates themselves (the msgids). Japanese
and Russian come from `hooks/cajd/locale/<lang>/LC_MESSAGES/messages.po`, which
translators edit with the usual gettext tools (Poedit, Weblate). The catalogs
are compiled in memory when a build starts, and the build stops when one is
incomplete (an empty or fuzzy translation) or stale (it lacks a message of the
code or templates, or keeps one they no longer have): `make i18n-update`
brings them up to date with `pybabel extract` and `pybabel update`.
"""

from __future__ import annotations

import functools
import posixpath
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from babel.dates import format_date, format_skeleton
from babel.support import NullTranslations, Translations
from markupsafe import escape

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog
# babel.messages (reading, compiling and checking catalogs) is imported where it is used: an English build uses none.

HERE = Path(__file__).parent
LOCALE_DIR = HERE / "locale"
DOMAIN = "messages"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
BABEL_CFG = HERE.parent.parent / "babel.cfg"  # how `pybabel extract` finds the messages: the repository's babel.cfg


def N_(message: str) -> str:
    """Mark a label for the catalog where it is defined; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as in <html lang> and hreflang
    name: str  # the language's own name, in the language selector
    date_locale: str  # the Babel locale whose dates the site writes (English: 18 May 2019, as in the UK)


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "en_GB"),
        Language("ja", "日本語", "ja"),
        Language("ru", "Русский", "ru"),
    )
}
DEFAULT = "en"  # the authoritative text, at the site's root; the others live under /<code>/


def root_of(code: str) -> str:
    """The folder of a language's site under the English one: '' for English, 'ja/' for Japanese."""
    return "" if code == DEFAULT else f"{code}/"


class Untranslated(str):
    """English text standing in for a missing translation; in HTML it is marked `lang="en"` and 'not yet translated'."""

    mark: str

    def __new__(cls, text: str, mark: str) -> Untranslated:
        obj = super().__new__(cls, text)
        obj.mark = mark
        return obj

    def __html__(self) -> str:
        return (f'<span class="cajd-untranslated"><span lang="en">{escape(str(self))}</span> '
                f'<small class="cajd-untranslated__mark">({escape(self.mark)})</small></span>')

    def __reduce__(self):  # copies keep the mark
        return (Untranslated, (str(self), self.mark))


class CatalogError(Exception):
    """A catalog is missing, incomplete or stale; `problems` says what, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


# ----------------------------------------------------------------------------
# Text in one language
# ----------------------------------------------------------------------------


class Locale:
    """What the templates and views need to write in one language: messages, plurals, dates, ordinals."""

    def __init__(self, code: str, translations: NullTranslations | None = None):
        self.code = code
        self.language = LANGUAGES[code]
        self.translations = translations if translations is not None else NullTranslations()

    def gettext(self, message: str, **values: object) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self.translations.ngettext(singular, plural, n) % {"num": n, **values}

    def pgettext(self, context: str, message: str, **values: object) -> str:
        """A message whose English word has more than one meaning, told apart by its context ('Title' of a person's
        position or of a document)."""
        text = self.translations.pgettext(context, message)
        return text % values if values else text

    def date(self, value: str) -> str:
        """A date as the language writes it: 18 May 2019, 2019年5月18日, 18 мая 2019 г.; or a month or year alone."""
        return format_fuzzy_date(value, self.language.date_locale)

    def ordinal(self, n: int) -> str:
        """The number as the catalog's ordinal messages take it: '7th' in English; the number alone in the others,
        whose messages place it themselves (第7回, 7-е)."""
        return english_ordinal(n) if self.code == DEFAULT else str(n)


def english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# Kept for the process, across rebuilds: a pure function of strings, so no answer kept can go stale.
@functools.lru_cache(maxsize=4096)
def format_fuzzy_date(value: str, locale: str) -> str:
    """YYYY-MM-DD, YYYY-MM or YYYY in the locale's long form."""
    import datetime as dt

    year, month, day = (value.split("-") + [None, None])[:3]
    d = dt.date(int(year), int(month or 1), int(day or 1))
    if day:
        return format_date(d, "long", locale=locale)
    if month:
        return format_skeleton("yMMMM", d, locale=locale)
    return format_skeleton("y", d, locale=locale)


def locale_for(code: str, *, check: bool = True) -> Locale:
    """The Locale of a language, its catalog compiled from the .po file (and checked, unless told not to)."""
    if code not in LANGUAGES:
        raise CatalogError([f"unknown language {code!r}, expected one of {', '.join(LANGUAGES)}"])
    if code == DEFAULT:
        return Locale(code)
    catalog = read_catalog(code)
    if check:
        problems = catalog_problems(code, catalog, extracted_messages())
        if problems:
            raise CatalogError(problems)
    return Locale(code, compile_catalog(catalog))


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(code: str) -> Catalog:
    path = po_path(code)
    if not path.is_file():
        raise CatalogError([f"{_shown(path)}: missing; run `make i18n-update` to create it"])
    from babel.messages.pofile import read_po

    with path.open("rb") as f:
        return read_po(f, locale=code, domain=DOMAIN)


def compile_catalog(catalog: Catalog) -> Translations:
    """The catalog as gettext translations, compiled in memory (no .mo file is kept)."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


# ----------------------------------------------------------------------------
# Checks: complete and current
# ----------------------------------------------------------------------------

MessageId = str | tuple[str, str]  # a message, or the singular and plural of a plural message
CONTEXT_SEPARATOR = "\x04"  # as gettext keys a message with a context: 'context\x04message'


def catalog_problems(code: str, catalog: Catalog, current: set[MessageId]) -> list[str]:
    """Each problem of a catalog as one line: a message missing, left over, untranslated or fuzzy."""
    shown = _shown(po_path(code))
    problems = []
    have = {_message_id(message.id, message.context): message for message in catalog if message.id}
    for msgid in sorted(current - set(have), key=str):
        problems.append(f"{shown}: stale: no entry for {_show_id(msgid)}; run `make i18n-update` and translate it")
    for msgid in sorted(set(have) - current, key=str):
        problems.append(f"{shown}:{have[msgid].lineno}: stale: {_show_id(msgid)} is no longer in the code or templates; "
                        "run `make i18n-update`")
    for msgid, message in have.items():
        if msgid not in current:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"{shown}:{message.lineno}: incomplete: {_show_id(msgid)} is marked fuzzy; check the translation "
                            "and remove the mark")
        elif not all(strings) or len(strings) != (catalog.num_plurals if message.pluralizable else 1):
            problems.append(f"{shown}:{message.lineno}: incomplete: {_show_id(msgid)} has no translation"
                            + (f" for each of the {catalog.num_plurals} plural forms" if message.pluralizable else ""))
        for error in message.check(catalog):
            problems.append(f"{shown}:{message.lineno}: {_show_id(msgid)}: {error}")
    return problems


def extracted_messages() -> frozenset[MessageId]:
    """Every message of the code and templates, as `pybabel extract` finds it with babel.cfg. Extracted again only
    when one of the files it reads changed (~0.8 s of CPU; a stat of each file ~2 ms): under `mkdocs serve`, a
    message added to a template is checked against the catalog at the next rebuild, as a fresh build would."""
    from babel.messages.extract import extract_from_file
    from babel.messages.frontend import parse_mapping_cfg
    from babel.util import pathmatch

    with BABEL_CFG.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    root = BABEL_CFG.parent
    files = []
    for pattern, method in method_map:  # the files of each pattern, without walking the whole repository
        top = root / pattern.split("*", 1)[0].rsplit("/", 1)[0] if "/" in pattern.split("*", 1)[0] else root
        candidates = sorted(top.rglob("*")) if top != root else [root / pattern]
        for path in candidates:
            if path.is_file() and pathmatch(pattern, path.relative_to(root).as_posix()):
                info = path.stat()
                files.append((pattern, method, str(path), info.st_mtime_ns, info.st_size))
    stamp = (BABEL_CFG.read_bytes(), tuple(files))
    kept = _EXTRACTED.get(stamp)
    if kept is None:
        kept = frozenset(_message_id(message, context) for pattern, method, path, _, _ in files
                         for _line, message, _comments, context in
                         extract_from_file(method, path, keywords=KEYWORDS, options=options_map[pattern]))
        _EXTRACTED.clear()  # one entry: the files as they are now
        _EXTRACTED[stamp] = kept
    return kept


# The messages of the files as last read, keyed by babel.cfg and each file's path, mtime and size: kept for the
# process (extracting is slow), and never stale, as every call compares the files' stamps first.
_EXTRACTED: dict[tuple, frozenset[MessageId]] = {}


def _message_id(message: str | tuple, context: str | None = None) -> MessageId:
    prefix = context + CONTEXT_SEPARATOR if context else ""
    if isinstance(message, (tuple, list)):
        return (prefix + message[0], message[1]) if len(message) > 1 and message[1] else prefix + message[0]
    return prefix + message


# The functions whose first arguments are messages (`pybabel extract -k` says the same in the Makefile).
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
            "npgettext": ((1, "c"), 2, 3), "N_": None}


def _show_id(msgid: MessageId) -> str:
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    context, _, text = text.rpartition(CONTEXT_SEPARATOR)
    text = " ".join(text.split()) + (f" ({context})" if context else "")
    return repr(text if len(text) <= 60 else text[:59] + "…")


def _shown(path: Path) -> str:
    try:
        return path.relative_to(BABEL_CFG.parent).as_posix()
    except ValueError:
        return str(path)


# ----------------------------------------------------------------------------
# The text of mkdocs.yml: site name, description, copyright, navigation, toggle names
# ----------------------------------------------------------------------------


def config_text(config: dict) -> list[str]:
    """The interface text in a MkDocs configuration, in file order."""
    found = [config[key] for key in ("site_name", "site_description", "copyright") if isinstance(config.get(key), str)]
    found += list(_nav_titles(config.get("nav") or []))
    for option in (config.get("theme") or {}).get("palette") or []:
        name = (option.get("toggle") or {}).get("name")
        if isinstance(name, str):
            found.append(name)
    return found


def _nav_titles(nav: list) -> list[str]:
    for entry in nav:
        if isinstance(entry, dict):
            for title, value in entry.items():
                yield title
                if isinstance(value, list):
                    yield from _nav_titles(value)


def translate_config(config, locale: Locale) -> None:
    """Put the configuration's text into the build's language (a MkDocs config, or a plain dict)."""
    tr = locale.translations.gettext
    for key in ("site_name", "site_description", "copyright"):
        if isinstance(config.get(key), str):
            config[key] = tr(" ".join(config[key].split()) if key == "site_description" else config[key])
    if config.get("nav"):
        config["nav"] = _translated_nav(config["nav"], tr)
    for option in config["theme"].get("palette") or []:
        if option.get("toggle"):
            option["toggle"]["name"] = tr(option["toggle"]["name"])


def _translated_nav(nav: list, tr) -> list:
    out = []
    for entry in nav:
        if isinstance(entry, dict):
            out.append({tr(title): _translated_nav(value, tr) if isinstance(value, list) else value for title, value in entry.items()})
        else:
            out.append(entry)
    return out


def read_config(text: str) -> dict:
    """A MkDocs configuration file read without MkDocs: a tagged value (`!ENV [...]`, `!relative`, and the
    `!!python/...` values that MkDocs' loader makes by running Python) is read as null."""
    import yaml

    class _ConfigLoader(yaml.SafeLoader):
        pass

    for prefix in ("!", "tag:yaml.org,2002:python/"):
        _ConfigLoader.add_multi_constructor(prefix, lambda loader, suffix, node: None)
    return yaml.load(text, Loader=_ConfigLoader) or {}  # noqa: S506 (a SafeLoader)


def extract_config(fileobj, keywords, comment_tags, options):
    """A Babel extractor for mkdocs.yml (babel.cfg names it): yields (line, funcname, message, comments)."""
    config = read_config(fileobj.read().decode("utf-8"))
    for text in config_text(config):
        yield 1, "_", " ".join(text.split()), ["from mkdocs.yml"]


def configure(config, locale: Locale) -> None:
    """Set up a MkDocs configuration (or a dict like one) for the locale's site: its text through the catalog, its
    address under the English one (mkdocs.yml's site_url + 'ja/'), and the links to the other languages that
    Material's language selector, the hreflang links and the sitemap use (overrides/partials/alternate.html)."""
    if locale.code != DEFAULT:
        translate_config(config, locale)
    english_url = config.get("site_url") or ""
    if locale.code != DEFAULT and english_url:
        config["site_url"] = site_url_of(english_url, locale.code)
    here = root_of(locale.code)
    config["extra"]["alternate"] = [
        {
            "name": lang.name,
            "lang": lang.code,
            "link": _relative_root(here, root_of(lang.code)),  # from this site's root to that one's, for the `url` filter
            "site_url": (english_url.rstrip("/") + "/" + root_of(lang.code)) if english_url else None,  # for hreflang
            "current": lang.code == locale.code,
        }
        for lang in LANGUAGES.values()
    ]


def site_url_of(english_url: str | None, code: str) -> str | None:
    """The address of a language's site from the English one's: https://x/site/ -> https://x/site/ja/."""
    if not english_url or code == DEFAULT:
        return english_url
    return english_url.rstrip("/") + "/" + root_of(code)


def _relative_root(here: str, there: str) -> str:
    """'' and 'ja/' -> 'ja/'; 'ja/' and '' -> '../'; 'ja/' and 'ru/' -> '../ru/'; 'ja/' and 'ja/' -> './'."""
    if here == there:
        return "./"
    return "../" * here.count("/") + there if there else "../" * here.count("/")


def alternate_url(page_url: str, link: str) -> str:
    """The same page in another language, relative to this page: its URL under this site ('people/x/'), and the
    other site's root relative to this one's ('../', 'ja/', '../ru/', './')."""
    depth = page_url.count("/")  # folders between this page and its site's root
    path = posixpath.normpath("../" * depth + link + page_url)
    return path + "/" if (page_url == "" or page_url.endswith("/")) and not path.endswith("/") else path
