"""The cue lexicon: attribution verbs and phrases, and the word lists the rules read.

The data lives in ``resources/lexicons/cues-<language>.toml`` (see that file for the format);
nothing English is hard-coded in the rules beyond what this module loads.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Protocol

from desktop.core.errors import InputError

ThatMode = Literal["optional", "required", "no"]
SourceSide = Literal["either", "before", "after"]

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_WORD_LISTS = ("pronouns", "determiners", "quantifiers", "auxiliaries", "adverbs", "stop_words",
               "inner_prepositions", "inner_heads", "time_words", "adjunct_starts",
               "complementizers", "anonymity_markers", "withholding", "not_names", "abbreviations",
               "cue_nouns")


class _BoolAt(Protocol):
    def __getitem__(self, j: int, /) -> bool: ...


class LexiconError(InputError):
    """A lexicon file that does not validate."""


@dataclass(frozen=True, slots=True)
class CueDef:
    """One entry of the lexicon (a verb with its forms, or a fixed phrase)."""

    text: str
    that: ThatMode = "no"
    object: bool = False
    needs_quote: bool = False
    source: SourceSide = "either"
    channel: str = ""

    @property
    def preposition(self) -> bool:
        """A cue such as "according to" whose source follows and which governs no clause."""
        return self.source == "after"


@dataclass(frozen=True, slots=True)
class WordLists:
    """Lower-case word lists used by the source and clause rules (see the TOML file)."""

    pronouns: frozenset[str] = frozenset()
    determiners: frozenset[str] = frozenset()
    quantifiers: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    adverbs: frozenset[str] = frozenset()
    stop_words: frozenset[str] = frozenset()
    inner_prepositions: frozenset[str] = frozenset()
    inner_heads: frozenset[str] = frozenset()
    time_words: frozenset[str] = frozenset()
    adjunct_starts: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    anonymity_markers: tuple[str, ...] = ()
    withholding: tuple[str, ...] = ()
    not_names: frozenset[str] = frozenset()
    abbreviations: frozenset[str] = frozenset()
    cue_nouns: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A cue found in text: ``[start, end)`` and its definition."""

    start: int
    end: int
    cue: CueDef
    first: str
    """The first word as written, lower-cased (e.g. ``adding``)."""

    @property
    def participle(self) -> bool:
        return self.first.endswith("ing")


class Lexicon:
    """A parsed lexicon with an index for finding cues in tokenised text."""

    def __init__(self, *, language: str, name: str, cues: Sequence[CueDef], words: WordLists,
                 inflections: Mapping[str, Sequence[str]]) -> None:
        self.language = language
        self.name = name
        self.cues = tuple(cues)
        self.words = words
        self.inflections = {k: tuple(v) for k, v in inflections.items()}
        index: dict[str, list[tuple[tuple[str, ...], CueDef]]] = {}
        for cue in self.cues:
            for phrase in _expand(cue.text, self.inflections):
                index.setdefault(phrase[0], []).append((phrase, cue))
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))  # the longest phrase wins
        self._index = index
        self.cue_words: frozenset[str] = frozenset(index)
        """Every word a cue can start with (lower case)."""
        self.verb_words: frozenset[str] = self.cue_words - words.cue_nouns
        """Cue words that are never nouns: a source phrase never contains one."""

    def match_at(self, words: Sequence[str], gaps_ok: _BoolAt, i: int) -> tuple[
            int, CueDef] | None:
        """The longest cue starting at word ``i``: (number of words, definition).

        ``words`` are lower-cased word tokens; ``gaps_ok[j]`` says whether only whitespace
        separates word ``j`` from word ``j + 1`` (a phrase never spans punctuation).
        """
        entries = self._index.get(words[i])
        if not entries:
            return None
        n = len(words)
        for phrase, cue in entries:
            k = len(phrase)
            if i + k > n:
                continue
            if all(words[i + j] == phrase[j] and gaps_ok[i + j - 1] for j in range(1, k)):
                return k, cue
        return None


def _expand(text: str, inflections: Mapping[str, tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Every concrete lower-case word sequence a cue pattern stands for."""
    options: list[tuple[str, ...]] = []
    for word in text.split():
        m = _PLACEHOLDER.fullmatch(word)
        if m:
            options.append(tuple(f.lower() for f in inflections[m.group(1)]))
        else:
            options.append((word.lower(),))
    return [tuple(p) for p in itertools.product(*options)]


# -- loading -------------------------------------------------------------------------------


def parse_lexicon(raw: str, *, source_name: str = "lexicon") -> Lexicon:
    """Parse lexicon TOML text; errors name the key that is wrong."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"not valid TOML: {exc}", file=source_name) from exc

    def fail(key: str, reason: str) -> LexiconError:
        return LexiconError(reason, file=source_name, field=key)

    _only(data, "", {"lexicon", "inflections", "cues", "words"}, fail)
    head = data.get("lexicon", {})
    if not isinstance(head, dict):
        raise fail("lexicon", "must be a table")
    _only(head, "lexicon", {"language", "name", "description"}, fail)
    language = head.get("language")
    if not isinstance(language, str) or not language:
        raise fail("lexicon.language", "must be a non-empty string such as \"en\"")
    inflections: dict[str, tuple[str, ...]] = {}
    for lemma, forms in dict(data.get("inflections", {})).items():
        if not isinstance(forms, list) or not forms or not all(
                isinstance(f, str) and f and " " not in f for f in forms):
            raise fail(f"inflections.{lemma}", "must be a non-empty list of single words")
        inflections[lemma] = tuple(forms)
    cues = tuple(_cue(item, f"cues[{i}]", inflections, fail)
                 for i, item in enumerate(_tables(data, "cues", fail)))
    if not cues:
        raise fail("cues", "the lexicon defines no cues")
    words_raw = data.get("words", {})
    if not isinstance(words_raw, dict):
        raise fail("words", "must be a table")
    _only(words_raw, "words", set(_WORD_LISTS), fail)
    lists: dict[str, Any] = {}
    for key in _WORD_LISTS:
        value = words_raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise fail(f"words.{key}", "must be a list of strings")
        lowered = [x.lower() for x in value]
        lists[key] = tuple(lowered) if key in ("anonymity_markers", "withholding") else frozenset(
            lowered)
    return Lexicon(language=language, name=str(head.get("name", language)), cues=cues,
                   words=WordLists(**lists), inflections=inflections)


def _cue(item: Mapping[str, Any], where: str, inflections: Mapping[str, tuple[str, ...]],
         fail: Any) -> CueDef:
    _only(item, where, {"text", "that", "object", "needs_quote", "source", "channel"}, fail)
    text = item.get("text")
    if not isinstance(text, str) or not text.split():
        raise fail(f"{where}.text", "must be a non-empty string")
    for name in _PLACEHOLDER.findall(text):
        if name not in inflections:
            raise fail(f"{where}.text", f"{{{name}}} has no entry in [inflections]")
    that = item.get("that", "no")
    if that not in ("optional", "required", "no"):
        raise fail(f"{where}.that", "must be \"optional\", \"required\" or \"no\"")
    source = item.get("source", "either")
    if source not in ("either", "before", "after"):
        raise fail(f"{where}.source", "must be \"either\", \"before\" or \"after\"")
    flags = {}
    for key in ("object", "needs_quote"):
        value = item.get(key, False)
        if not isinstance(value, bool):
            raise fail(f"{where}.{key}", "must be true or false")
        flags[key] = value
    channel = item.get("channel", "")
    if not isinstance(channel, str):
        raise fail(f"{where}.channel", "must be a string")
    return CueDef(text=text, that=that, object=flags["object"],
                  needs_quote=flags["needs_quote"], source=source, channel=channel)


def _tables(data: Mapping[str, Any], key: str, fail: Any) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(x, dict) for x in value):
        raise fail(key, "must be an array of tables ([[...]])")
    return value


def _only(data: Mapping[str, Any], dotted: str, allowed: set[str], fail: Any) -> None:
    for key in data:
        if key not in allowed:
            raise fail(f"{dotted}.{key}" if dotted else key,
                       f"unknown key (expected one of {', '.join(sorted(allowed))})")


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and validate a lexicon file."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"cannot read lexicon: {exc}", file=p) from exc
    return parse_lexicon(raw, source_name=str(p))


@lru_cache(maxsize=8)
def default_lexicon(language: str = "en") -> Lexicon:
    """The bundled lexicon for ``language`` (parsed once per process)."""
    from desktop.resources import lexicon_path

    return load_lexicon(lexicon_path(language))
