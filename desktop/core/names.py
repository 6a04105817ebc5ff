"""A canonical actor name proposed from the words of a span, for the annotator to confirm.

"President Emmanuel Macron's office" names the source as written; the registry wants the
actor, "Emmanuel Macron". The proposal drops what follows a possessive, leading articles and
descriptors, and a title before a name; it keeps the case of the words it keeps (names such as
"de Gaulle" or "UNICEF" are spelt as in the text). It is only a proposal: the dialog shows it
selected, so typing replaces it.
"""

from __future__ import annotations

import re

# Words that make a title when they come before a person's name ("Deputy Foreign Minister
# Anton Varga", "Norwegian envoy Søren Ødegaard"). Lower-cased, without a final full stop.
# Words that also begin organisation names (General Motors, the Justice Department, Chief
# Rabbinate) are left out: a wrong cut there is worse than a title left in.
TITLES = frozenset({
    "president", "vice-president", "minister", "premier", "chancellor", "secretary",
    "secretary-general", "spokesman", "spokeswoman", "spokesperson", "envoy", "ambassador",
    "senator", "sen", "rep", "representative", "governor", "mayor", "gen", "colonel", "col",
    "admiral", "commander", "captain", "capt", "lieutenant", "lt", "king", "queen", "prince",
    "princess", "pope", "sheikh", "emir", "sultan", "chairman", "chairwoman", "ceo", "cfo",
    "judge", "attorney", "prosecutor", "mr", "mrs", "ms", "miss", "dr", "prof", "professor",
    "sir", "dame", "lord", "lady", "rabbi", "imam", "reverend", "rev", "archbishop", "bishop",
    "cardinal", "commissioner", "councillor", "councilor", "deputy", "mp", "mep",
    "congressman", "congresswoman", "lawmaker", "analyst", "economist", "editor",
    "correspondent", "reporter"
})
_ARTICLES = frozenset({"the", "a", "an"})
_PARTICLES = frozenset({"de", "da", "di", "del", "della", "der", "den", "des", "du", "la", "le",
                        "van", "von", "bin", "ben", "ibn", "al", "el", "ter", "ten", "y", "dos"})
"""Lower-case words inside a name ("Charles de Gaulle", "Ursula von der Leyen")."""
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])(?=\W|$)")
_TRIM = " \t\n\"'“”‘’«»„‚()[]{}.,;:!?—–-"


def _is_title(word: str) -> bool:
    return word.rstrip(".").casefold() in TITLES


def propose_actor_name(text: str) -> str:
    """The name to offer for a new actor made from span ``text`` (see the module doc)."""
    cut = _POSSESSIVE.search(text)
    if cut is not None:
        text = text[:cut.start()]
    words = [w.strip(_TRIM) for w in text.split()]
    words = [w for w in words if w]
    while words and words[0].casefold() in _ARTICLES:
        words.pop(0)
    if not words:
        return " ".join(text.split()).strip(_TRIM)
    # After the last title word comes the name ("... Minister Anton Varga" -> "Anton Varga").
    last_title = max((i for i, w in enumerate(words) if _is_title(w)), default=-1)
    if 0 <= last_title < len(words) - 1:
        return " ".join(words[last_title + 1:])
    # Otherwise the name is the capitalised words at the end ("Norwegian officials' Oslo
    # office" never gets here; "the Kremlin" -> "Kremlin"): drop lower-case descriptors
    # before them, but keep an all lower-case span as it is.
    def capital(w: str) -> bool:
        return w[:1].isupper() or w[:1].isdigit() or not w[:1].isalpha()

    start = len(words)
    while start > 0:
        w = words[start - 1]
        particle = (w.casefold() in _PARTICLES and start - 1 > 0 and start < len(words)
                    and any(capital(x) for x in words[:start - 1]))
        if not (capital(w) or particle):
            break
        start -= 1
    while start < len(words) and not capital(words[start]):
        start += 1  # a name does not begin with a particle
    return " ".join(words[start:] or words)
