"""French agreement for the counts the pages print (« 1 action finalisée », « 36 finalisées »).

Only what the site's own words need: regular plurals (+s), feminine past participles (+e), and
invariable locutions (« en cours », « à programmer »), so that no template writes
``"s" if n > 1`` by hand. French puts the singular for 0 and 1.
"""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun agreeing with it: plural(2, "action") == "2 actions".

    A noun phrase is pluralised word by word (« objectif opérationnel » → « objectifs
    opérationnels »); give ``plural_form`` when that rule does not hold."""
    if abs(count) < 2:
        return f"{count} {singular}"
    if plural_form is None:
        plural_form = " ".join(_plural_word(w) for w in singular.split(" "))
    return f"{count} {plural_form}"


def agree(word: str, count: int, feminine: bool = False) -> str:
    """An adjective or past participle agreeing with ``count`` nouns of that gender:
    agree("finalisé", 36, feminine=True) == "finalisées". Locutions (several words: « en
    cours », « à programmer », « en pause ») are invariable."""
    if " " in word:
        return word
    if feminine and word.endswith("é"):
        word += "e"
    if abs(count) >= 2:
        word = _plural_word(word)
    return word


_INVARIABLE = {"de", "du", "d’", "la", "le", "les", "à", "au", "en", "et", "ou", "sur", "par"}


def _plural_word(word: str) -> str:
    if (not word or word.lower() in _INVARIABLE or word.isupper()  # acronyms: « OS », « OO »
            or word.lower().endswith(("s", "x", "z")) or not word[-1].isalpha()):
        return word
    if word.endswith(("au", "eu")):
        return word + "x"
    if word.endswith("al") and word not in ("final", "bancal", "natal", "naval", "fatal"):
        return word[:-2] + "aux"
    return word + "s"
