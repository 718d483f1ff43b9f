"""The LaTeX engine: LuaLaTeX in a private build folder, its log turned into diagnostics.

Citations are resolved before TeX runs and the ``bookmark`` package writes
PDF outlines in the same pass, so one LuaLaTeX pass makes the final PDF, notes,
bookmarks and all (measured on the sample: 1.4 s for one lualatex pass, 2.8 s
through latexmk, which makes a second pass for hyperref's .out file). We still
rerun, at most twice, when the log asks for it. ``use_latexmk=True`` drives
latexmk instead.

Note pages: before the document, TeX reads ``typeset-note-pages.tex`` (package
data, copied into the build folder; the writer's .tex does not contain it),
which gives each footnote's text its number as a LuaTeX attribute and, at each
shipout, logs ``typeset-note-page: N P`` for the notes first printed on page P.
Attributes add no nodes, so the PDF is the same as without the hook.

PDF/A: for ``WriterOutput.pdf_standard`` other than ``none``, the command line
starts with :func:`typeset.engines.pdfa_tex.pretex` (before the class; the
writer's .tex stays a plain document): on TeX Live 2022 it reads
``typeset-pdfa.tex``, LuaTeX primitives that embed the XMP packet (written by
:mod:`typeset.engines.pdfa_tex` from the properties on the preamble's
``% typeset-xmp:`` line, with the PDF/A identification and the build's dates)
and TeX Live's sRGB profile as the OutputIntent, and set the Print flag on links
(hyperref's ``pdfa``). That module's docstring says why not the LaTeX PDF
management (``\\DocumentMetadata``): it cost 17% of the build on TeX Live 2022;
the primitives cost nothing measurable, with the same pages and note pages. On a
kernel from 2024-06 on the line is ``\\DocumentMetadata{...,testphase=phase-III}``,
which also tags (not tried here: TeX Live 2022 only).

Safety: no shell escape (``-no-shell-escape`` and ``shell_escape=f``),
``openin_any=p`` / ``openout_any=p`` (TeX may not read dot files or write
outside the build folder), ``--nosocket``, a time limit, and the source in a
temporary folder of its own. Lua is sandboxed (:mod:`typeset.engines.sandbox`:
``--lua=typeset-sandbox.lua`` before the format, so ``\\directlua`` in a
``{=latex}`` block cannot read or write outside the build folder or start a
process), with a clean environment, a private HOME, TMPDIR and font cache, and
resource limits; TeX runs in its own process group and dies with its parent. The PDF reaches ``output`` atomically (temporary file beside it,
then ``os.replace``): a failed build leaves the previous PDF untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from importlib import resources
from pathlib import Path

from typeset.diagnostics import Diagnostic, Span, error, has_errors
from typeset.engines import pdfa_tex
from typeset.engines.base import EngineResult, WriterOutput, remove_stale, write_atomically
from typeset.engines.images import copy_images
from typeset.engines.sandbox import (
    SCRIPT,
    copy_script,
    limit_child,
    prepare_font_cache,
    tex_environment,
)
from typeset.engines.texlog import log_diagnostics, parse_log

JOB = "document"
_TEMP_PREFIX = "typeset-tex-"
_LOW_SPACE = 4 << 20  # bytes free in the temporary folder below which a missing PDF is blamed on it
_MAX_PASSES = 3
_TEX_ENV = {
    "openin_any": "p",
    "openout_any": "p",
    "shell_escape": "f",
    "max_print_line": "10000",  # one log line per message: the parser reads them whole
    "error_line": "254",
    "half_error_line": "238",
}
_HOOK_FILES = ("typeset-note-pages.tex", "typeset-note-pages.lua")
_HOOK = rf"\input{{{_HOOK_FILES[0]}}}"
# TeX may continue the line (" [3" when the page is shipped out)
_NOTE_PAGE = re.compile(r"^typeset-note-page: (\d+) (\d+)(?!\d)", re.MULTILINE)
# the metadata's ``pdf-standard`` values this engine writes
PDF_STANDARDS = tuple(pdfa_tex.LEVELS)
_INSTALL_HINT = ("install TeX Live: apt-get install texlive-luatex texlive-latex-recommended "
                 "texlive-latex-extra latexmk")


class LatexmkEngine:
    """Compile .tex source to a PDF with LuaLaTeX (directly, or through latexmk)."""

    name = "latex"

    def __init__(self, timeout: float = 300.0, use_latexmk: bool = False) -> None:
        self.timeout = timeout
        self.use_latexmk = use_latexmk
        self._seed: Path | None = None

    def compile(self, source: WriterOutput, workdir: Path, output: Path) -> EngineResult:
        """Typeset ``source`` into ``output``; errors come back as diagnostics, never raised."""
        missing = self._missing_tool()
        if missing:
            return EngineResult([missing])
        # The build folder is private and temporary, never the project folder
        # (``workdir``), so TeX's auxiliary files cannot clutter or clash with it.
        # the pid in the name lets the next run remove the folder of a killed one
        remove_stale(Path(tempfile.gettempdir()), _TEMP_PREFIX)
        with tempfile.TemporaryDirectory(prefix=f"{_TEMP_PREFIX}{os.getpid()}-") as build:
            build_dir = Path(build)
            (build_dir / f"{JOB}.tex").write_text(source.source, encoding="utf-8")
            _copy_hooks(build_dir)
            unmatched = pdfa_tex.write_files(build_dir, source.pdf_standard, source.source)
            copy_script(build_dir)
            self._seed = prepare_font_cache(build_dir, source.source, self._warm_up)
            copied = copy_images(source.images, build_dir)
            if has_errors(copied):
                return EngineResult(copied)
            problems = self._run(build_dir, source)
            log = _read_log(build_dir)
            found = [*unmatched, *problems,
                     *log_diagnostics(parse_log(log), source.source, source.source_map)]
            pdf = build_dir / f"{JOB}.pdf"
            if has_errors(found) or not pdf.is_file():
                return EngineResult(found if has_errors(found) else [*found, _no_pdf(build_dir)])
            try:
                install_atomically(pdf, output)
            except OSError as exc:
                return EngineResult([*found, error(
                    "pdf-write", f"cannot write the PDF: {exc.strerror or exc}", Span(str(output)))])
        return EngineResult(found, note_pages(log))

    def _missing_tool(self) -> Diagnostic | None:
        tool = "latexmk" if self.use_latexmk else "lualatex"
        if shutil.which(tool) is None:
            return error("tex-missing", f"{tool} not found; {_INSTALL_HINT}")
        return None

    def _run(self, build_dir: Path, source: WriterOutput) -> list[Diagnostic]:
        """Run TeX until the log stops asking for another pass (at most three)."""
        for _ in range(_MAX_PASSES):
            problem = self._run_once(build_dir, source)
            if problem is not None:
                return [problem]
            if self.use_latexmk or not parse_log(_read_log(build_dir)).rerun:
                break
        return []

    def _command(self, source: WriterOutput) -> list[str]:
        flags = ["-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape"]
        pretex = pdfa_tex.pretex(source.pdf_standard, source.lang) + _HOOK
        if self.use_latexmk:
            # after -usepretex, which redefines the command lines; %P: the pretex and source
            return ["latexmk", "-lualatex", "-silent", *flags, f"-jobname={JOB}",
                    f"-usepretex={pretex}",
                    f"-lualatex=lualatex --lua={SCRIPT} --nosocket %O %P", f"{JOB}.tex"]
        return ["lualatex", f"--lua={SCRIPT}", *flags, "--nosocket", f"-jobname={JOB}",
                _trailer_id(source.source) + pretex + rf"\input{{{JOB}.tex}}"]

    def _run_once(self, build_dir: Path, source: WriterOutput) -> Diagnostic | None:
        """One TeX (or latexmk) process; a time-out kills its whole process group."""
        return self._spawn(self._command(source), build_dir, self._seed)

    def _spawn(self, command: list[str], build_dir: Path, seed: Path | None) -> Diagnostic | None:
        env = tex_environment(build_dir, _TEX_ENV, seed)
        with subprocess.Popen(command, cwd=build_dir, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True,
                              preexec_fn=limit_child(int(self.timeout) + 60)) as process:
            try:
                process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                return error("tex-timeout",
                             f"LaTeX did not finish within {self.timeout:g} s and was stopped")
            except BaseException:  # SIGTERM (SystemExit), Ctrl-C: TeX must not outlive us
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise
        return None

    def _warm_up(self, folder: Path, tex: str, seed: Path | None) -> bool:
        """A trusted run on ``tex`` (our preamble, our body) that fills the font cache."""
        (folder / "warm.tex").write_text(tex, encoding="utf-8")
        copy_script(folder)
        command = ["lualatex", f"--lua={SCRIPT}", "-interaction=nonstopmode", "-halt-on-error",
                   "-no-shell-escape", "--nosocket", "warm.tex"]
        return self._spawn(command, folder, seed) is None and (folder / "warm.pdf").is_file()


def _trailer_id(source: str) -> str:
    """A PDF /ID derived from the source, not from the time and the temporary path, so
    that with SOURCE_DATE_EPOCH set (which fixes the dates) equal input gives equal bytes."""
    digest = hashlib.md5(source.encode("utf-8"), usedforsecurity=False).hexdigest().upper()
    return rf"\pdfvariable trailerid{{[<{digest}><{digest}>]}}"


def _copy_hooks(build_dir: Path) -> None:
    data = resources.files("typeset").joinpath("data")
    for name in _HOOK_FILES:
        (build_dir / name).write_text(data.joinpath(name).read_text(encoding="utf-8"),
                                      encoding="utf-8")


def note_pages(log: str) -> dict[int, int]:
    """Note number -> page from the ``typeset-note-page`` lines of a TeX log."""
    found: dict[int, int] = {}
    for match in _NOTE_PAGE.finditer(log):
        found.setdefault(int(match.group(1)), int(match.group(2)))
    return found


def _read_log(build_dir: Path) -> str:
    log = build_dir / f"{JOB}.log"
    try:
        return log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _no_pdf(build_dir: Path) -> Diagnostic:
    """No PDF and no TeX error: say the likely cause when there is one."""
    try:
        free = shutil.disk_usage(build_dir).free
    except OSError:
        free = -1
    if 0 <= free < _LOW_SPACE:
        return error("tex-no-output", f"LaTeX finished without producing a PDF: the temporary "
                     f"folder {build_dir.parent} is full ({free // 1024} KiB free; set TMPDIR "
                     "to a folder with space)")
    return error("tex-no-output", "LaTeX finished without producing a PDF")


def install_atomically(built: Path, output: Path) -> None:
    """Copy ``built`` to ``output`` through a temporary file in the target folder."""
    def copy(temp: Path) -> None:
        shutil.copyfile(built, temp)

    write_atomically(output, copy)
