"""The command line as users and CI run it: a real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import DECKS, ROOT

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deckgen", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=120)


def test_build_writes_build_name_pptx(tmp_path: Path) -> None:
    shutil.copytree(DECKS / "spec", tmp_path / "content" / "lecture")
    done = run("build", "content/lecture/deck.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "build" / "lecture.pptx").is_file()
    done = run("build", "content/lecture/kinds.yaml", "-o", "out/x.pptx", "--theme", "keynote",
               cwd=tmp_path)
    assert "Traceback" not in done.stderr


def test_bad_deck_exit_1_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "deck.yaml").write_text("deck: {title: T}\nslides:\n  - {title: A, bulets: [x]}\n")
    done = run("build", "deck.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert "deck.yaml:3:16: error:" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_version_and_help_are_fast_and_import_no_matplotlib(tmp_path: Path) -> None:
    done = run("--version", cwd=tmp_path)
    assert done.returncode == 0 and "deckgen" in done.stdout
    probe = ("import sys, runpy; sys.argv=['deckgen','--help']\n"
             "try:\n    runpy.run_module('deckgen', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "assert 'matplotlib' not in sys.modules, 'matplotlib imported'\n"
             "assert 'pptx' not in sys.modules, 'python-pptx imported'\n")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=ENV,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "build" in done.stdout and "check" in done.stdout
    assert time.perf_counter() - start < 10  # a sanity bound only; speed lives in benchmarks/


def test_check_imports_no_matplotlib(tmp_path: Path) -> None:
    shutil.copytree(DECKS / "spec", tmp_path / "spec")
    probe = ("import sys\nfrom deckgen.cli import main\n"
             "try:\n    main(['check', 'spec/deck.yaml'])\nexcept SystemExit as e:\n"
             "    assert e.code == 0, e.code\n"
             "assert 'matplotlib' not in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=ENV,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path: Path) -> None:
    """``deckgen schema | head -1``: the pipe closes before the output is written, which
    is the reader's choice, not a bug in deckgen; the command ends as one killed by
    SIGPIPE would (141), with nothing on stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", "schema"], cwd=tmp_path,
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the interpreter has even started: the first write fails
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141, err
    assert err == ""
