"""The LuaLaTeX sandbox: restricted Lua, a clean environment, a private font cache, limits.

A manuscript's ``{=latex}`` blocks reach TeX unescaped, so an untrusted manuscript can
run ``\\directlua``. TeX's own switches (``shell_escape=f``, ``openin_any=p``,
``openout_any=p``, ``--nosocket``) do not reach Lua's ``io`` and ``os``. LuaTeX's
``--safer`` does not either: it leaves ``io.open`` reading anywhere, and it forbids the
writes luaotfload needs for its font cache. So the engine starts LuaTeX with
``--lua=typeset-sandbox.lua`` (package data, copied into the build folder), which runs
before the format and replaces every Lua function that reaches files or the system by a
checked one (the script's header lists them). This module gives it:

* :func:`lua_policy`: the folders Lua may read (the build folder, the TeX trees that
  ``kpsewhich`` names, the font folders) and write (the build folder, where the private
  font cache lives), as the ``TYPESET_SANDBOX_*`` variables the script reads;
* :func:`tex_environment`: a clean environment (no inherited secrets for ``os.getenv``):
  ``PATH``, the locale, ``SOURCE_DATE_EPOCH``, the user's TeX search variables, a
  private ``HOME`` and ``TMPDIR`` inside the build folder, and ``TEXMFCACHE`` /
  ``TEXMFVAR`` pointing at the run's copy of the font cache;
* :func:`prepare_font_cache`: luaotfload's cache for a run. The cache holds Lua bytecode
  that luaotfload loads, so a run must not be able to leave a poisoned cache for the
  next one: each run gets a copy of a seed in its build folder, and its writes vanish
  with it. The seed (``$TYPESET_TEX_CACHE``, else ``$XDG_CACHE_HOME/typeset/luatex``,
  else ``~/.cache/typeset/luatex``), one per set of font commands in the preamble, is
  made once by a trusted warm-up run: the writer's preamble (our own, escaped text)
  with a short body of our own, never the manuscript's text;
* :func:`limit_child`: the child's resource limits (CPU seconds, address space, file
  size, no core files) and ``PR_SET_PDEATHSIG`` (LuaTeX dies with the build).

Residual risk, stated: the Lua checks are lexical on paths (no symbolic links can be
made from Lua, and the build folder holds only copies); LuaTeX's C code still opens
what TeX's ``\\input`` and ``\\openout`` name, under ``openin_any=p``/``openout_any=p``.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import os
import re
import resource
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path

SCRIPT = "typeset-sandbox.lua"
CACHE_DIR = "texmf-cache"
# the limits of one TeX process
CPU_SECONDS = 600
MEMORY_BYTES = 4 << 30
FILE_BYTES = 1 << 30
# variables the TeX process keeps from the caller's environment (the command line's
# owner set them; a manuscript cannot)
_KEPT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SOURCE_DATE_EPOCH", "FORCE_SOURCE_DATE",
         "TEXMFHOME", "TEXMFLOCAL", "TEXMFCNF", "TEXINPUTS", "OSFONTDIR", "TEXMFDOTDIR")
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts", "/usr/local/etc/fonts",
              "/usr/share/fontconfig")
# (with the fallback table luaotfload reads before the house font: typeset/fonts.py)
_FONT_LINE = re.compile(r"^\\(?:set\w*font|newfontfamily|babelfont|directlua\{luaotfload\.add_fallback)\b.*$",
                        re.MULTILINE)
_WARM_BODY = (r"\begin{document}Warm {\itshape up} \textbf{bold} \textsc{Caps} "
              r"\texttt{mono} $x^2$ 1\footnote{Note.}\end{document}" "\n")
_PR_SET_PDEATHSIG = 1


def copy_script(build_dir: Path) -> Path:
    """Put the sandbox script into the build folder; its path for ``--lua``."""
    data = resources.files("typeset").joinpath("data").joinpath(SCRIPT)
    target = build_dir / SCRIPT
    target.write_text(data.read_text(encoding="utf-8"), encoding="utf-8")
    return target


@functools.cache
def tex_roots() -> tuple[str, ...]:
    """The TeX trees and configuration folders kpathsea searches (read-only for Lua)."""
    found: list[str] = []
    for variable in ("$TEXMF", "$TEXMFCNF", "$TEXMFSYSVAR", "$TEXMFSYSCONFIG", "$OSFONTDIR"):
        try:
            run = subprocess.run(["kpsewhich", "-expand-path", variable], capture_output=True,
                                 text=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        found.extend(part for part in run.stdout.strip().split(os.pathsep) if part)
    return tuple(dict.fromkeys(str(Path(part)) for part in found if Path(part).is_absolute()))


def lua_policy(build_dir: Path, seed: Path | None = None) -> dict[str, str]:
    """The ``TYPESET_SANDBOX_*`` variables: where Lua may read, write and load bytecode."""
    read = [str(build_dir), *tex_roots(), *_FONT_DIRS]
    home = Path.home()
    read += [str(home / ".fonts"), str(home / ".local" / "share" / "fonts")]
    return {
        "TYPESET_SANDBOX_READ": "\n".join(read),
        "TYPESET_SANDBOX_WRITE": str(build_dir),
        # bytecode only from the run's copy of a trusted seed
        "TYPESET_SANDBOX_BINARY": str(build_dir / CACHE_DIR) if seed is not None else "",
    }


def tex_environment(build_dir: Path, extra: Mapping[str, str], seed: Path | None = None,
                    source: Mapping[str, str] | None = None) -> dict[str, str]:
    """The clean environment of a sandboxed TeX process in ``build_dir``."""
    outer = os.environ if source is None else source
    env = {name: outer[name] for name in _KEPT if name in outer}
    env.setdefault("PATH", os.defpath)
    env["TERM"] = "dumb"
    home, tmp = build_dir / "home", build_dir / "tmp"
    home.mkdir(exist_ok=True)
    tmp.mkdir(exist_ok=True)
    cache = str(build_dir / CACHE_DIR)
    env.update({"HOME": str(home), "TMPDIR": str(tmp), "TEXMFCACHE": cache, "TEXMFVAR": cache,
                "TEXMFCONFIG": str(home / "texmf-config")})
    env.update(lua_policy(build_dir, seed))
    env.update(extra)
    return env


def seed_root() -> Path:
    """Where the trusted font-cache seeds live."""
    chosen = os.environ.get("TYPESET_TEX_CACHE")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "typeset" / "luatex"


def seed_key(source: str) -> str:
    """One seed per set of font commands in the preamble."""
    preamble = source.split(r"\begin{document}", 1)[0]
    fonts = "\n".join(sorted(set(_FONT_LINE.findall(preamble))))
    return hashlib.sha256(fonts.encode("utf-8")).hexdigest()[:16]


def warm_up_source(source: str) -> str | None:
    """The warm-up document: the writer's preamble and a body of our own."""
    if r"\begin{document}" not in source:
        return None
    return source.split(r"\begin{document}", 1)[0] + _WARM_BODY


Runner = Callable[[Path, str, Path | None], bool]


def prepare_font_cache(build_dir: Path, source: str, warm_up: Runner) -> Path | None:
    """Copy the seed for ``source``'s fonts into the run's cache (making the seed first,
    with ``warm_up(folder, tex, seed)``, if there is none); the seed used, or None when
    no seed could be made (the run then builds its own cache, and loads no bytecode)."""
    target = build_dir / CACHE_DIR
    seed = seed_root() / seed_key(source)
    if not seed.is_dir():
        _make_seed(seed, source, warm_up)
    if seed.is_dir():
        with contextlib.suppress(OSError):
            shutil.copytree(seed, target, symlinks=False, dirs_exist_ok=True)
            return seed
    target.mkdir(exist_ok=True)
    return None


def _make_seed(seed: Path, source: str, warm_up: Runner) -> None:
    tex = warm_up_source(source)
    if tex is None:
        return
    try:
        seed.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="typeset-warm-") as folder:
            work = Path(folder)
            (work / CACHE_DIR).mkdir()
            if not warm_up(work, tex, None):
                return
            fresh = Path(tempfile.mkdtemp(prefix=f".{seed.name}-", dir=seed.parent))
            shutil.copytree(work / CACHE_DIR, fresh, dirs_exist_ok=True)
            try:
                os.replace(fresh, seed)
            except OSError:  # another build made it first
                shutil.rmtree(fresh, ignore_errors=True)
    except OSError:
        return


def limit_child(cpu_seconds: int = CPU_SECONDS) -> Callable[[], None]:
    """A ``preexec_fn``: resource limits, and death with the parent (Linux)."""
    def limit() -> None:
        for kind, value in ((resource.RLIMIT_CPU, cpu_seconds), (resource.RLIMIT_AS, MEMORY_BYTES),
                            (resource.RLIMIT_FSIZE, FILE_BYTES), (resource.RLIMIT_CORE, 0)):
            with contextlib.suppress(ValueError, OSError):
                soft, hard = resource.getrlimit(kind)
                cap = value if hard == resource.RLIM_INFINITY else min(value, hard)
                resource.setrlimit(kind, (cap, hard))
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    return limit
