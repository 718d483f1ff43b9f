"""BibTeX value expressions: ``{...}``, ``"..."``, numbers, macros and ``#``.

bibtexparser's raw parse (no middlewares) hands us each field's expression
as written; this module evaluates it against the @string macros so that the
result is the field's text with its LaTeX untouched. The predefined month
macros ``jan``..``dec`` evaluate to month numbers ("1".."12") when they are
the whole value, and to their English names inside a concatenation, as
BibTeX's styles define them: ``"10~" # jan`` is "10~January" (the 10th of
January, not "10~1", which reads as October).
"""

from __future__ import annotations

from dataclasses import dataclass, field

MONTH_MACROS: dict[str, str] = {
    name: str(number)
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
MONTH_NAMES: dict[str, str] = {
    name: full
    for name, full in zip(
        MONTH_MACROS,
        ["January", "February", "March", "April", "May", "June", "July", "August",
         "September", "October", "November", "December"],
        strict=True,
    )
}


_MONTH_BY_NUMBER = {number: name for name, number in MONTH_MACROS.items()}


@dataclass
class Value:
    """An evaluated expression plus the macro names it used but nobody defined."""

    text: str
    undefined: list[str] = field(default_factory=list)
    too_long: bool = False  # longer than MAX_VALUE: cut there (an @string bomb)


# a field or @string may be this long (a .bib is at most 64 MiB); ``a # a`` doubling
# through 40 @strings would otherwise ask for a terabyte
MAX_VALUE = 1 << 20


def evaluate(expression: str, macros: dict[str, str]) -> Value:
    """Evaluate ``expression`` (never raises; bad pieces are kept as text)."""
    if _is_simple_group(expression):
        return Value(expression[1:-1])
    value = Value("")
    pieces: list[str] = []
    months: list[int] = []
    index = total = counted = 0
    while index < len(expression):
        char = expression[index]
        if char.isspace() or char == "#":
            index += 1
        elif char in '{"':
            end = _closing(expression, index)
            pieces.append(expression[index + 1 : end])
            index = end + 1
        else:
            end = _word_end(expression, index)
            word = expression[index:end]
            if word.lower() in MONTH_NAMES and word.lower() not in macros:
                months.append(len(pieces))
            pieces.append(_macro(word, macros, value))
            index = end
        total += len(pieces[-1]) if pieces and len(pieces) > counted else 0
        counted = len(pieces)
        if total > MAX_VALUE:
            value.too_long = True
            break
    if len(pieces) > 1:
        for at in months:
            pieces[at] = MONTH_NAMES[_MONTH_BY_NUMBER[pieces[at]]]
    value.text = "".join(pieces)[:MAX_VALUE]
    return value


def _is_simple_group(expression: str) -> bool:
    """Fast path for the common ``{text}`` value: one balanced group, nothing else."""
    if not (expression.startswith("{") and expression.endswith("}")):
        return False
    depth = 0
    last = len(expression) - 1
    for index, char in enumerate(expression):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and index != last:
                return False
    return depth == 0


def _closing(expression: str, start: int) -> int:
    """Index of the delimiter closing the group opened at ``start`` (or the end)."""
    opener = expression[start]
    depth = 0
    for index in range(start + 1, len(expression)):
        char = expression[index]
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0 and opener == "{":
                return index
            depth -= 1
        elif char == '"' and opener == '"' and depth == 0 and expression[index - 1] != "\\":
            return index
    return len(expression)


def _word_end(expression: str, start: int) -> int:
    index = start
    while index < len(expression) and not (
        expression[index].isspace() or expression[index] in '#{"'
    ):
        index += 1
    return index


def _macro(word: str, macros: dict[str, str], value: Value) -> str:
    if word.isdigit():
        return word
    name = word.lower()
    if name in macros:
        return macros[name]
    if name in MONTH_MACROS:
        return MONTH_MACROS[name]
    value.undefined.append(word)
    return word
