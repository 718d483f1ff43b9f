"""Fuzz ``bib --tidy``: random .bib files built from the pieces that broke it before.

Each file is made of entries whose fields mix the hard cases: ``%`` inside braces and
quotes, ``\\}`` and ``\\{`` in URLs, comment lines between fields and inside ``#``
concatenations, duplicate fields in different case, ``@string`` references, quoted
values holding braces, months and page ranges, odd white space, unbalanced braces. For
each file the fuzzer tidies it and classifies the outcome:

* ``tidied``: tidy returned text; it must read as the input does (checked here
  independently of tidy's own guard, on the decoded CSL items too), keep every entry,
  and be a fixed point (tidying it again changes nothing);
* ``refused-syntax`` / ``refused-unsafe``: tidy raised a TypesetError (the scanner could
  not read it, or the guard found a change); the file would be left as it was;
* ``BROKEN-*``: a tidied text that reads otherwise, loses entries, is not a fixed point,
  or an exception other than TypesetError. Any of these is a bug; the first few are
  printed with their input.

    PYTHONPATH=. python3 benchmarks/fuzz.py            # 5,000 files, seed 1
    PYTHONPATH=. python3 benchmarks/fuzz.py 20000 7    # count, seed
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter

from typeset.bib import parse_bibtex
from typeset.bib.tidy import content_change, tidy
from typeset.diagnostics import TypesetError

VALUES = [
    "{Journey%}", "{50% of it}", '"A quoted 10%"', "{a\\{\\}%x}", "{a\\{b\\}}", "{x\\%y}",
    "{A {Nested {Deep}} Title}", '"Ein f{\\"u}r {"a}"', "{Line one\n   line two   }",
    "{}", "2001", "pub", "pub # { and more}", '{A} # " B"', "{January}", "jan", '"1-5"',
    "{12-15}", "{\\url{http://x.org/a%20b}}", "{%}", "{ % not a comment}", "{tab\there}",
    "{Ünïcödé}", "{a,b}", "{=}", "{@misc}",
]
# BibTeX counts every brace, escaped or not: {a\}%x} is unbalanced (the url)
BROKEN = ["{unbalanced", "{close}}", '"open quote', "{a\\}%x}", "{a\\{b}"]
NAMES = ["title", "Title", "TITLE", "author", "year", "Year", "url", "note", "month",
         "pages", "publisher", "journal", "abstract", "x-custom"]
COMMENTS = ["% a comment", "%", "% with {brace", "% @book{fake, title={x}}", "%% double"]
TYPES = ["book", "article", "misc", "Book", "inproceedings"]


def random_field(rng: random.Random) -> str:
    value = rng.choice(BROKEN if rng.random() < 0.02 else VALUES)
    if rng.random() < 0.15:
        value += f" % {rng.choice(COMMENTS)[1:]}\n # " + rng.choice(VALUES)
    return f"{rng.choice(NAMES)} = {value}"


def random_entry(rng: random.Random, key: str) -> str:
    parts = []
    for _ in range(rng.randint(0, 6)):
        comment = rng.choice(COMMENTS) + "\n  " if rng.random() < 0.15 else ""
        parts.append(comment + random_field(rng))
    sep = rng.choice([",\n  ", ", ", ",\n", " ,\n\t"])
    opener, closer = rng.choice([("{", "}"), ("{", "}"), ("(", ")")])
    trailing = sep.strip(" \t\n") if rng.random() < 0.3 else ""
    return f"@{rng.choice(TYPES)}{opener}{key}{sep if parts else ''}{sep.join(parts)}{trailing}{closer}"


def random_file(rng: random.Random) -> str:
    blocks = []
    if rng.random() < 0.3:
        blocks.append('@string{pub = "Press"}')
    for index in range(rng.randint(1, 5)):
        if rng.random() < 0.2:
            blocks.append(rng.choice(COMMENTS))
        blocks.append(random_entry(rng, f"k{index}"))
    return rng.choice(["\n", "\n\n", "\n\n\n", " "]).join(blocks) + rng.choice(["", "\n"])


def classify(text: str) -> str:
    try:
        tidied = tidy(text)
    except TypesetError as exc:
        code = exc.diagnostics[0].code if exc.diagnostics else ""
        return "refused-unsafe" if code == "bib-tidy-unsafe" else "refused-syntax"
    except Exception as exc:  # noqa: BLE001 - the fuzzer's job is to find these
        return f"BROKEN-exception-{type(exc).__name__}"
    before, after = parse_bibtex(text), parse_bibtex(tidied)
    if len(after.raw) < len(before.raw):
        return "BROKEN-lost-entries"
    if content_change(text, tidied) is not None:
        return "BROKEN-content"
    if [i for i in before.items] != [i for i in after.items]:
        return "BROKEN-decoded"
    try:
        if tidy(tidied) != tidied:
            return "BROKEN-not-a-fixed-point"
    except TypesetError:
        return "BROKEN-tidied-not-tidyable"
    return "tidied"


def main(count: int = 5000, seed: int = 1) -> int:
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    shown = 0
    start = time.perf_counter()
    for _ in range(count):
        text = random_file(rng)
        outcome = classify(text)
        counts[outcome] += 1
        if outcome.startswith("BROKEN") and shown < 3:
            shown += 1
            print(f"--- {outcome}\n{text}\n", file=sys.stderr)
    elapsed = time.perf_counter() - start
    print(f"{count} files, seed {seed}, {elapsed:.1f} s")
    for outcome, number in sorted(counts.items()):
        print(f"  {outcome:<28} {number:6d}")
    broken = sum(n for o, n in counts.items() if o.startswith("BROKEN"))
    print(f"  {'broken':<28} {broken:6d}")
    return 1 if broken else 0


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    sys.exit(main(*arguments))
