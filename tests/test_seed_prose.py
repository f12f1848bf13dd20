"""The demo's prose is written in our own words: no run of 12 words copied from the seed documents.

The seeds (``shared/seeds`` beside the repository) are the real documents of the CPAS de Liège. The
demo keeps their figures, names and official titles exactly, but its summaries (the chapters under
``data/*/pages/``, the descriptions and introductions of ``plan.yml`` and ``dps.yml``, the note of
``swot.yml``) must not repeat them; the evaluations (illustrative data) are not compared. This
test compares them at the level of words and fails on any run of ``RUN_LENGTH`` or more identical
words, with the file, line and run for each.

What is compared, and what is left out on purpose (titles, names and quotations may be literal):

* Words are compared after normalising what a PDF extraction damages or a typist varies: case,
  accents, ligatures (``œ`` = ``oe``), apostrophes (``’`` = ``'``, which separates words),
  hyphens (``socio-professionnelle`` = ``socioprofessionnelle``, and a word broken by a hyphen at a
  line end in the PDF is joined), punctuation and line breaks (only words count).
* Titles: every value under a ``titre``, ``titre_court`` or ``libelle`` key (official titles of
  plans, volets, objectives, actions and DPS commitments, and flag labels), the ``precisions`` of
  a DPS commitment (the items the commitment lists, part of its official wording), the SWOT items
  (``texte``, the plan's numbered legend) and Markdown headings.
* Quotations: a Markdown blockquote (``>`` lines) is a quotation when it names its source on a
  line starting with ``—`` (for instance ``> — Décret du 19 juillet 2018``); a blockquote without
  such a line is ordinary prose. Text between « and » is a quotation or a quoted term; when it
  runs to ``RUN_LENGTH`` words or more, it must be followed by its source in parentheses, as in
  « … » (DPS 2019-2024), otherwise it is ordinary prose. The DPS's epigraph (``citation``) is
  shown as a quotation and left out. A quotation, title or heading breaks a run: words on either
  side of it are not joined.
* Tables: each cell of a Markdown table is compared on its own (a run does not cross a cell
  border): rows of names, functions and dates are not sentences.
* Names are short (a service, a law, a place): they cannot make a run of 12 words on their own;
  a longer official name (a project's full title) is written between « and » like a quotation.

Comparing sets of n-grams keeps the test fast (all seeds and all data in well under a second).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEEDS

RUN_LENGTH = 12

# YAML keys whose values are titles, labels or quotations (see the module docstring).
LITERAL_KEYS = {"titre", "titre_court", "libelle", "precisions", "texte", "citation"}
# Keys that hold codes, numbers, dates and references, not prose.
NON_PROSE_KEYS = {"numero", "code", "groupe", "legislature", "date", "organe", "type", "prefixe",
                  "dps", "dps_parties", "drapeaux", "chapitres", "libelle_groupe",
                  "numerotation_oo", "action", "oo", "os"}

WORD = re.compile(r"\w+(?:-\w+)*")
BREAK = "\x00"  # stands in for a left-out span: a run never crosses it


def normalise_word(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower().replace("œ", "oe").replace("æ", "ae"))
    return "".join(c for c in word if not unicodedata.combining(c) and c != "-")


def seed_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    # a word broken at a line end by the PDF ("dévelop-\npement") is one word
    text = re.sub(r"(\w)-[ \t]*\n[ \t]*(\w)", r"\1\2", text)
    return [normalise_word(w) for w in WORD.findall(text)]


def seed_ngrams(seed_dir: Path) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for path in sorted(seed_dir.glob("*.txt")):
        words = seed_words(path.read_text(encoding="utf-8"))
        grams.update(tuple(words[i:i + RUN_LENGTH]) for i in range(len(words) - RUN_LENGTH + 1))
    return grams


@dataclass
class Run:
    file: str
    line: int
    words: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.words} mots repris de la source : « {self.text} »"


def copied_runs(text: str, grams: set[tuple[str, ...]], file: str, first_line: int = 1
                ) -> list[Run]:
    """Runs of RUN_LENGTH or more words of ``text`` found in the seeds (BREAK splits runs)."""
    text = unicodedata.normalize("NFKC", text)
    tokens = [(m.start(), m.end(), normalise_word(m.group())) for m in WORD.finditer(text)]
    runs: list[Run] = []
    segment: list[tuple[int, int, str]] = []

    def flush() -> None:
        words = [t[2] for t in segment]
        hits = [tuple(words[i:i + RUN_LENGTH]) in grams
                for i in range(len(words) - RUN_LENGTH + 1)]
        i = 0
        while i < len(hits):
            if not hits[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(hits) and hits[j + 1]:
                j += 1
            start, end = segment[i][0], segment[j + RUN_LENGTH - 1][1]
            runs.append(Run(file, first_line + text.count("\n", 0, start),
                            j - i + RUN_LENGTH, " ".join(text[start:end].split())))
            i = j + 1

    previous_end = 0
    for token in tokens:
        if BREAK in text[previous_end:token[0]]:
            flush()
            segment = []
        segment.append(token)
        previous_end = token[1]
    flush()
    return runs


def _blank(match: re.Match[str]) -> str:
    """The matched span replaced by BREAK, keeping its line breaks (for line numbers)."""
    return BREAK + re.sub(r"[^\n]", " ", match.group())[1:]


GUILLEMETS = re.compile(r"«[^«»]*»(\s*\([^()\n]+\))?")


def _mask_guillemets(text: str) -> str:
    def mask(match: re.Match[str]) -> str:
        quoted_words = len(WORD.findall(match.group().split("»")[0]))
        if quoted_words >= RUN_LENGTH and not match.group(1):
            return match.group()  # a long quotation without its source is ordinary prose
        return _blank(match)

    return GUILLEMETS.sub(mask, text)


def markdown_prose(text: str) -> str:
    """The page with its headings, quotations and markup left out (same lines as the page)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith(">"):
            j = i
            while j < len(lines) and lines[j].lstrip().startswith(">"):
                j += 1
            block = lines[i:j]
            sourced = any(re.match(r"\s*>\s*(\*|_)?—", b) for b in block)
            out.extend([BREAK] * len(block) if sourced else block)
            i = j
            continue
        if re.match(r"\s{0,3}#", line):
            line = BREAK
        elif line.lstrip().startswith("|"):
            line = line.replace("|", BREAK)  # a table cell is compared on its own
        out.append(line)
        i += 1
    prose = "\n".join(out)
    prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", _blank, prose, flags=re.S)  # macro calls
    prose = re.sub(r"\]\([^)]*\)", "]", prose)  # link targets
    prose = re.sub(r"<[^>]+>", " ", prose)  # HTML tags
    return _mask_guillemets(prose)


def yaml_prose(path: Path):
    """(line, text) for every prose string of a data file, titles and quotations left out."""
    root = yaml.compose(path.read_text(encoding="utf-8"))

    def walk(node, key: str | None):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                yield from walk(v, k.value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item, key)
        elif isinstance(node, yaml.ScalarNode) and key not in LITERAL_KEYS | NON_PROSE_KEYS:
            # a block scalar's text starts on the line after its indicator
            line = node.start_mark.line + 1 + (1 if node.style in ("|", ">") else 0)
            yield line, _mask_guillemets(node.value)

    yield from walk(root, None)


def data_files() -> list[Path]:
    return sorted([*ROOT.glob("data/*/pages/*.md"), *ROOT.glob("data/*/plan.yml"),
                   *ROOT.glob("data/*/dps.yml"), *ROOT.glob("data/*/swot.yml")])


def all_copied_runs(grams: set[tuple[str, ...]]) -> list[Run]:
    runs: list[Run] = []
    for path in data_files():
        name = str(path.relative_to(ROOT))
        if path.suffix == ".md":
            runs += copied_runs(markdown_prose(path.read_text(encoding="utf-8")), grams, name)
        else:
            for line, text in yaml_prose(path):
                runs += copied_runs(text, grams, name, line)
    return runs


needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason="seed documents absent (looked for shared/seeds beside the "
    "repository and one level up): the prose cannot be compared with its sources")


@pytest.fixture(scope="module")
def grams() -> set[tuple[str, ...]]:
    return seed_ngrams(SEEDS)


@needs_seeds
def test_prose_is_in_our_own_words(grams):
    runs = all_copied_runs(grams)
    assert not runs, "\n".join(map(str, runs))


@needs_seeds
def test_the_comparison_finds_a_copied_sentence(grams):
    # guard against a test that passes because it compares nothing: one real sentence of the
    # PST 2019-2024 (ch. 1), pasted as prose, is found; as a sourced quotation, it is not
    seed = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    words = seed_words(seed)
    assert len(grams) > 20_000 and len(words) > 15_000
    sentence = " ".join(words[5000:5020])
    assert [r.words for r in copied_runs(sentence, grams, "x.md")] == [20]
    quoted = f"Le PST dit : « {sentence} » (PST 2019-2024, p. 3)."
    assert copied_runs(markdown_prose(quoted), grams, "x.md") == []
    unsourced = f"Le PST dit : « {sentence} »."
    assert len(copied_runs(markdown_prose(unsourced), grams, "x.md")) == 1
    blockquote = f"> {sentence}\n>\n> — PST 2019-2024"
    assert copied_runs(markdown_prose(blockquote), grams, "x.md") == []
    assert len(copied_runs(markdown_prose(f"> {sentence}"), grams, "x.md")) == 1


def test_normalisation_of_pdf_text():
    assert seed_words("Le dévelop-\n  pement socio-professionnel de l’usager") == \
        seed_words("le developpement socioprofessionnel de l'usager")
    assert normalise_word("Œuvre") == "oeuvre"


if __name__ == "__main__":  # list the runs while rewriting: python tests/test_seed_prose.py
    assert SEEDS.is_dir(), f"seeds not found: {SEEDS}"
    for run in all_copied_runs(seed_ngrams(SEEDS)):
        print(run)
