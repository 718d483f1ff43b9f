"""Confinement of every file a command reads: inside the project, or allowed on the command line.

A production desk or a CI job builds manuscripts it did not write, and the PDF
is the artefact that leaves the machine: a section symlinked to /etc/passwd or
``bibliography: ../../secret.bib`` would print the secret into it. So, while a
:class:`ReadPolicy` is active (:func:`confined`, entered by ``build``,
``check`` and ``bib``), every read of a project file goes through
:func:`read_bytes`, which

* resolves the path (symlinks followed; a symlink loop is refused) and refuses
  it unless it lies inside the project folder or a folder the *command line*
  allowed (``--allow-read DIR``, or ``TYPESET_ALLOW_READ``, a ``os.pathsep``
  separated list): metadata may come from an untrusted author, so a metadata
  path never widens access;
* reads regular files only (never a FIFO, a device or ``/dev/zero``), opened
  non-blocking so that a FIFO cannot hang the build;
* refuses a file larger than the cap for its kind (:data:`MAX_BYTES`).

Refusals are :class:`Refused` errors, an ``OSError`` whose ``strerror`` says
why, so every caller's existing ``except OSError`` reports them as one line.
The policy remembers the resolved files it let through (``read_files``), so
that an output path equal to an input can be refused.

Hand-written rather than a library: what is needed is a path rule plus
``os.open``/``fstat``, a few lines each.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ALLOW_ENV = "TYPESET_ALLOW_READ"
MiB = 1024 * 1024
# Documented in the README's security section. Generous for real manuscripts: the
# sample's longest section is 20 KiB, the CMOS-18 style 240 KiB.
MAX_BYTES = {
    "meta": 1 * MiB,
    "md": 16 * MiB,
    "bib": 64 * MiB,
    "style": 8 * MiB,
    "css": 4 * MiB,
}
DEFAULT_MAX = 64 * MiB


class Refused(PermissionError):
    """A read the confinement does not allow; ``strerror`` is the reason, in words."""

    def __init__(self, path: Path | str, reason: str, code: int = errno.EACCES) -> None:
        super().__init__(code, reason, str(path))


@dataclass
class ReadPolicy:
    """The folders reads may resolve into, and the files read so far (resolved)."""

    roots: tuple[Path, ...]
    files: frozenset[Path] = frozenset()
    read_files: set[Path] = field(default_factory=set)

    def allows(self, resolved: Path) -> bool:
        return resolved in self.files or any(resolved.is_relative_to(r) for r in self.roots)


_POLICY: ContextVar[ReadPolicy | None] = ContextVar("typeset_read_policy", default=None)


def allowed_from_env(environ: dict[str, str] | None = None) -> tuple[Path, ...]:
    """The folders ``TYPESET_ALLOW_READ`` names (``~`` expanded)."""
    value = (os.environ if environ is None else environ).get(ALLOW_ENV, "")
    return tuple(Path(p).expanduser() for p in value.split(os.pathsep) if p.strip())


def make_policy(project_dir: Path, allow: Iterable[Path] = (), files: Iterable[Path] = ()
                ) -> ReadPolicy:
    """The project folder, the allowed folders (command line, then environment) and files."""
    folders = [Path(project_dir), *(Path(a).expanduser() for a in allow), *allowed_from_env()]
    roots = tuple(dict.fromkeys(_resolve_loose(f) for f in folders))
    return ReadPolicy(roots, frozenset(_resolve_loose(f) for f in files))


@contextmanager
def confined(project_dir: Path, allow: Iterable[Path] = (), files: Iterable[Path] = ()
             ) -> Iterator[ReadPolicy]:
    """Run the body with reads confined to the project (and what ``allow`` adds)."""
    policy = make_policy(project_dir, allow, files)
    token = _POLICY.set(policy)
    try:
        yield policy
    finally:
        _POLICY.reset(token)


def given_files(style: str | None) -> list[Path]:
    """The style file the caller (the command line) named, if it names one: trusted."""
    if style and Path(style).expanduser().is_file():
        return [Path(style).expanduser()]
    return []


def given_style(style: str | None) -> str | None:
    """A style from the command line: a file named relative to the working folder becomes
    absolute (the project resolves names against itself), a name stays a name."""
    files = given_files(style)
    return str(_resolve_loose(files[0])) if files else style


def current() -> ReadPolicy | None:
    return _POLICY.get()


def _resolve_loose(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def resolve(path: Path) -> Path:
    """``path`` with every symlink followed; a loop or a missing file is an OSError."""
    try:
        return Path(path).resolve(strict=True)
    except RuntimeError:  # Python < 3.13 reports a symlink loop this way
        raise Refused(path, "it is a symlink loop", errno.ELOOP) from None


def refusal(path: Path) -> Refused | None:
    """Why the active policy would refuse to read ``path`` (None: allowed, or no policy).
    A missing file is not refused here: reading it reports that."""
    policy = _POLICY.get()
    if policy is None:
        return None
    try:
        resolved = resolve(path)
    except Refused as exc:
        return exc
    except OSError:
        return None
    if policy.allows(resolved):
        return None
    return Refused(path, f"it resolves to {resolved}, outside the project folder "
                         f"(allow it with --allow-read DIR or {ALLOW_ENV})")


def read_bytes(path: Path, kind: str = "") -> bytes:
    """The bytes of a regular file the active policy allows, at most ``MAX_BYTES[kind]``."""
    problem = refusal(path)
    if problem is not None:
        raise problem
    cap = MAX_BYTES.get(kind, DEFAULT_MAX)
    fd = os.open(resolve(path), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(path, "it is not a regular file (only regular files are read)")
        if info.st_size > cap:
            raise Refused(path, f"it is {info.st_size // MiB} MiB, larger than the "
                                f"{cap // MiB} MiB allowed for this kind of file", errno.EFBIG)
        data = _read_all(fd, cap, path)
    finally:
        os.close(fd)
    policy = _POLICY.get()
    if policy is not None:
        policy.read_files.add(resolve(path))
    return data


def _read_all(fd: int, cap: int, path: Path) -> bytes:
    """Read to the end, but never more than ``cap`` bytes (a file may grow while read)."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, 1024 * 1024):
        total += len(chunk)
        if total > cap:
            raise Refused(path, f"it grew past the {cap // MiB} MiB allowed", errno.EFBIG)
        chunks.append(chunk)
    return b"".join(chunks)


def is_input(path: Path) -> bool:
    """Whether ``path`` is (resolves to) a file the active policy has read."""
    policy = _POLICY.get()
    return policy is not None and _resolve_loose(path) in policy.read_files


# --- bounded structure ------------------------------------------------------------------

MAX_JSON_DEPTH = 64


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> tuple[int, int] | None:
    """(line, column) of the first ``[`` or ``{`` nested deeper than ``limit``, else None.

    One linear scan (strings and their escapes skipped) before ``json.loads``, whose
    recursive decoder raises RecursionError near a depth of a thousand. CSL-JSON and
    citation files nest four or five levels deep."""
    # The nesting is counted over the few characters that matter (escapes, quotes,
    # brackets), found by the regex engine, so the millions of others are not stepped
    # over one by one in Python; the position is worked out only for a file that fails.
    depth = 0
    in_string = False
    for token in _JSON_TOKENS.findall(text):
        if token == '"':
            in_string = not in_string
        elif in_string:
            continue
        elif token in "[{":
            depth += 1
            if depth > limit:
                return _json_deep_at(text, limit)
        elif token in "]}":
            depth -= 1
    return None


class JsonTooDeep(ValueError):
    """Raised by :func:`loads_bounded`: ``position`` is the (line, column) of the first
    bracket nested deeper than the limit."""

    def __init__(self, position: tuple[int, int]) -> None:
        super().__init__(f"JSON nested too deeply at {position[0]}:{position[1]}")
        self.position = position


def loads_bounded(text: str, limit: int = MAX_JSON_DEPTH) -> Any:
    """``json.loads(text)``, refusing values nested deeper than ``limit`` (JsonTooDeep).

    Parses first and measures the depth on the parsed value, level by level over its
    containers only: at 50 times the sample (5,000 CSL-JSON items, 1.4 MB) that is a
    fifth of :func:`json_too_deep`'s scan over the text's brackets and quotes, which is
    now only run on a file that fails, for the position. ``json.decoder.JSONDecodeError``
    passes through."""
    import json

    try:
        value = json.loads(text)
    except RecursionError:  # the C decoder gives up near a depth of a thousand
        raise JsonTooDeep(_json_deep_at(text, limit) or (1, 1)) from None
    level = [value] if isinstance(value, (list, dict)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            raise JsonTooDeep(_json_deep_at(text, limit) or (1, 1))
        deeper: list[Any] = []
        for container in level:
            for child in (container.values() if isinstance(container, dict) else container):
                if isinstance(child, (list, dict)):
                    deeper.append(child)
        level = deeper
    return value


_JSON_TOKENS = re.compile(r'\\.|["\[\]{}]', re.S)


def _json_deep_at(text: str, limit: int) -> tuple[int, int] | None:
    """(line, column) of the first bracket nested deeper than ``limit``: the slow scan."""
    depth = 0
    in_string = escaped = False
    line, line_start = 1, 0
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return line, index - line_start + 1
        elif char in "]}":
            depth -= 1
        if char == "\n":
            line, line_start = line + 1, index + 1
    return None
