"""LuaLaTeX's Lua sandbox: Lua payloads through the engine's Python API and through a
``{=latex}`` block of a manuscript. Each payload must be refused (a ``tex-sandbox``
error at its place, or ``nil`` where LuaTeX without shell escape answers ``nil``),
nothing outside the build folder is read or written, and an ordinary document still
builds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from typeset.engines import sandbox
from typeset.engines.base import WriterOutput
from typeset.engines.latexmk import LatexmkEngine

CANARY = "canary-lua-9d2e"

DOC = r"""\documentclass{article}
\begin{document}
Start.
PAYLOAD
\end{document}
"""


def doc(payload: str) -> WriterOutput:
    return WriterOutput(DOC.replace("PAYLOAD", payload))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"{CANARY}\n", encoding="utf-8")
    return folder


def compile_text(source: WriterOutput, tmp_path: Path) -> tuple[list[str], str]:
    """(diagnostic messages, the PDF's text or "")."""
    import pypdf

    output = tmp_path / "out.pdf"
    result = LatexmkEngine(timeout=120).compile(source, tmp_path, output)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(output).pages) \
        if output.exists() else ""
    return [f"{d.code}: {d.message}" for d in result.diagnostics], text


@pytest.mark.latex
@pytest.mark.parametrize("payload", [
    r"\directlua{local f = io.open('SECRET'); tex.print(f:read('*a'))}",
    r"\directlua{for line in io.lines('SECRET') do tex.print(line) end}",
    r"\directlua{dofile('SECRET')}",
    r"\directlua{tex.print(tostring(loadfile('SECRET')))}",
    r"\directlua{io.input('SECRET'); tex.print(io.read('*a'))}",
    r"\directlua{for name in lfs.dir('OUTSIDE') do tex.print(name) end}",
])
def test_reading_outside_is_an_error_with_its_place(payload: str, tmp_path: Path,
                                                     outside: Path) -> None:
    secret = outside / "secret.txt"
    source = doc(payload.replace("SECRET", str(secret)).replace("OUTSIDE", str(outside)))
    messages, text = compile_text(source, tmp_path)
    assert len(messages) == 1 and messages[0].startswith("tex-sandbox: LaTeX's Lua was stopped:")
    assert "is not allowed" in messages[0] and "(generated .tex line 4)" in messages[0]
    assert CANARY not in messages[0] and text == ""


@pytest.mark.latex
def test_writing_outside_is_refused_and_nothing_is_written(tmp_path: Path, outside: Path) -> None:
    target = outside / "written.txt"
    messages, _ = compile_text(doc(
        rf"\directlua{{local f = io.open('{target}', 'w'); f:write('x'); f:close()}}"), tmp_path)
    assert messages and messages[0].startswith("tex-sandbox:") and f"writing {target}" in messages[0]
    assert not target.exists()


@pytest.mark.latex
def test_system_functions_answer_nil_or_are_refused(tmp_path: Path, outside: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Probes in one run (pcall: a refusal prints "refused"); the document still builds."""
    monkeypatch.setenv("TYPESET_TEST_SECRET", CANARY)
    made = outside / "made"
    probes = {
        "execute": f"os.execute('touch {made}')",
        "popen": f"io.popen('touch {made}')",
        "spawn": f"os.spawn('touch {made}')",
        "remove": f"os.remove('{outside / 'secret.txt'}')",
        "rename": f"os.rename('{outside / 'secret.txt'}', 'here.txt')",
        "mkdir": f"lfs.mkdir('{made}')",
        "link": f"lfs.link('{outside / 'secret.txt'}', 'here.txt', true)",
        "loadlib": "package.loadlib('libc.so.6', 'system')",
        "getenv": "os.getenv('TYPESET_TEST_SECRET')",
        "setenv": "os.setenv('openin_any', 'a')",
        # LuaTeX's core io.open holds the sandbox's; the sandbox's upvalues are hidden
        "upvalue": "(function() local _, inner = debug.getupvalue(io.open, 1); "
                   "return debug.getupvalue(inner, 1) end)()",
        "sethook": "debug.sethook",
        "binary": r"load(string.char(27) .. 'LuaS')",
        "require": f"(function() package.path = '{outside}/?.txt'; return require('secret') end)()",
        "attributes": f"lfs.attributes('{outside / 'secret.txt'}', 'size')",
    }
    lua = "local function try(name, code) local ok, value = pcall(load('return ' .. code)); " \
          "tex.sprint(-2, name .. '=' .. (ok and tostring(value) or 'refused')); tex.sprint(' ') end "
    lua += " ".join(f"try('{name}', [[{code}]])" for name, code in probes.items())
    messages, text = compile_text(doc(rf"\directlua{{{lua}}}"), tmp_path)
    assert messages == [] and "Start." in text
    answers = dict(item.split("=", 1) for item in text.split() if "=" in item)
    assert set(answers) == set(probes)
    # no process, no write outside, no secrets, no bytecode, no originals
    for name in ("execute", "popen", "spawn", "getenv", "upvalue", "sethook", "binary",
                 "attributes", "loadlib", "setenv"):
        assert answers[name] in ("nil", "refused"), (name, answers[name])
    for name in ("remove", "rename", "mkdir", "link", "require"):
        assert answers[name] == "refused", (name, answers[name])
    assert not made.exists() and (outside / "secret.txt").exists() and CANARY not in text


@pytest.mark.latex
def test_tex_input_of_an_absolute_path_is_refused(tmp_path: Path, outside: Path) -> None:
    messages, text = compile_text(doc(rf"\input{{{outside / 'secret.txt'}}}"), tmp_path)
    assert messages and CANARY not in text and CANARY not in " ".join(messages)


@pytest.mark.latex
def test_environment_is_clean_and_home_private(tmp_path: Path) -> None:
    env = sandbox.tex_environment(tmp_path, {"openin_any": "p"},
                                  source={"PATH": "/usr/bin", "AWS_SECRET_ACCESS_KEY": "x",
                                          "SOURCE_DATE_EPOCH": "1"})
    assert "AWS_SECRET_ACCESS_KEY" not in env and env["SOURCE_DATE_EPOCH"] == "1"
    assert env["HOME"].startswith(str(tmp_path)) and env["TMPDIR"].startswith(str(tmp_path))
    assert env["TEXMFCACHE"].startswith(str(tmp_path)) and env["openin_any"] == "p"
    assert env["TYPESET_SANDBOX_WRITE"] == str(tmp_path)


def test_child_limits_are_set() -> None:
    import resource
    import subprocess
    import sys

    code = ("import resource; print(resource.getrlimit(resource.RLIMIT_CPU)[0], "
            "resource.getrlimit(resource.RLIMIT_AS)[0], resource.getrlimit(resource.RLIMIT_FSIZE)[0])")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         preexec_fn=sandbox.limit_child(77))
    cpu, memory, size = (int(part) for part in run.stdout.split())
    assert cpu == 77 and 0 < memory <= sandbox.MEMORY_BYTES and 0 < size <= sandbox.FILE_BYTES
    assert resource.getrlimit(resource.RLIMIT_CPU)[0] != 77  # the parent is untouched


@pytest.mark.latex
def test_font_cache_seed_is_copied_not_shared(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run's writes to its font cache do not reach the seed the next run copies."""
    seeds = tmp_path / "seeds"
    monkeypatch.setenv("TYPESET_TEX_CACHE", str(seeds))
    calls: list[Path] = []

    def warm(folder: Path, tex: str, seed: Path | None) -> bool:
        calls.append(folder)
        (folder / sandbox.CACHE_DIR / "names.luc").write_text("trusted", encoding="utf-8")
        return True

    source = "\\documentclass{article}\n\\setmainfont{X}\n\\begin{document}x\\end{document}"
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    assert sandbox.prepare_font_cache(first, source, warm) is not None
    (first / sandbox.CACHE_DIR / "names.luc").write_text("poisoned", encoding="utf-8")
    assert sandbox.prepare_font_cache(second, source, warm) is not None
    assert len(calls) == 1  # one warm-up for this set of fonts
    assert (second / sandbox.CACHE_DIR / "names.luc").read_text(encoding="utf-8") == "trusted"
    assert [p.name for p in seeds.iterdir()] == [sandbox.seed_key(source)]


@pytest.mark.latex
@pytest.mark.slow
def test_latex_block_in_a_manuscript_cannot_read_a_file(tmp_path: Path, outside: Path) -> None:
    from click.testing import CliRunner

    from typeset.cli import main

    project = tmp_path / "project"
    (project / "manuscript").mkdir(parents=True)
    (project / "manuscript" / "metadata.yaml").write_text("title: T\nauthor: A\n", encoding="utf-8")
    (project / "manuscript" / "01-a.md").write_text(
        "# One\n\nText.\n\n```{=latex}\n"
        rf"\directlua{{tex.print(io.open('{outside / 'secret.txt'}'):read('*a'))}}"
        "\n```\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--route", "latex", "-q", str(project)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "01-a.md:5:1: error[tex-sandbox]: LaTeX's Lua was stopped: reading" in result.output
    build = project / "build"  # no PDF or TeX output; the rebuild cache may have its folder
    assert CANARY not in result.output
    assert not build.exists() or {p.name for p in build.iterdir()} <= {".cache"}
    assert os.path.exists(outside / "secret.txt")


@pytest.mark.latex
def test_latexmk_runs_the_same_sandbox(tmp_path: Path, outside: Path) -> None:
    import shutil

    if shutil.which("latexmk") is None:
        pytest.skip("latexmk not installed")
    source = doc(rf"\directlua{{tex.print(io.open('{outside / 'secret.txt'}'):read('*a'))}}")
    result = LatexmkEngine(timeout=120, use_latexmk=True).compile(source, tmp_path,
                                                                  tmp_path / "out.pdf")
    assert [d.code for d in result.diagnostics] == ["tex-sandbox"]
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.latex
def test_tex_openout_and_pipe_input_outside_are_refused(tmp_path: Path, outside: Path) -> None:
    target, piped = outside / "written.tex", outside / "piped"
    messages, _ = compile_text(doc(
        rf"\immediate\openout5={target} \immediate\write5{{x}}\immediate\closeout5 "
        rf"\input{{|\"touch {piped}\"}}"), tmp_path)
    assert messages and messages[0].startswith("tex-error:")
    assert not target.exists() and not piped.exists()


def test_the_fallback_chain_has_a_font_cache_seed_of_its_own() -> None:
    """luaotfload's fallback table is read before the house font: another chain, another
    seed (its warm-up loads the fallback fonts into the cache)."""
    from typeset.engines.sandbox import seed_key

    plain = "\\setmainfont{Linux Libertine O}[Ligatures={TeXOff}]\n\\begin{document}x\n"
    chain = ('\\directlua{luaotfload.add_fallback("typesetfallback",{"FreeSerif:mode=harf;"})}\n'
             + plain.replace("TeXOff}", "TeXOff},RawFeature={fallback=typesetfallback}"))
    other = chain.replace("FreeSerif", "DejaVu Serif")
    assert len({seed_key(plain), seed_key(chain), seed_key(other)}) == 3
