"""bin/find-python: the Makefile's way to find a Python 3.12+, checked by running it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bin" / "find-python"


def _run(path_dirs, tmp_path, pyenv_root=None):
    """Run the script with only `path_dirs` and the two tools it uses on PATH."""
    tools = tmp_path / "tools"
    tools.mkdir()
    for tool in ("ls", "sort"):
        (tools / tool).symlink_to(shutil.which(tool))
    env = {
        "PATH": os.pathsep.join([*map(str, path_dirs), str(tools)]),
        "HOME": str(tmp_path),
        "PYENV_ROOT": str(pyenv_root or tmp_path / "no-pyenv"),
    }
    return subprocess.run(["/bin/sh", str(SCRIPT)], env=env, capture_output=True, text=True)


def _fake(folder, name, body):
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / name
    program.write_text(f"#!/bin/sh\n{body}\n")
    program.chmod(0o755)


def test_a_name_that_does_not_run_is_skipped_for_one_that_does(tmp_path):
    bin_dir = tmp_path / "bin"
    _fake(bin_dir, "python3.14", "echo 'pyenv: python3.14: command not found' >&2; exit 127")
    (bin_dir / "python3.12").symlink_to(sys.executable)

    result = _run([bin_dir], tmp_path)

    assert result.returncode == 0
    assert result.stdout.strip() == str(bin_dir / "python3.12")


def test_too_old_or_missing_python_stops_with_a_clear_message(tmp_path):
    bin_dir = tmp_path / "bin"
    _fake(bin_dir, "python3.13", "exit 1")  # runs, but is not 3.12+
    _fake(bin_dir, "python3", "exit 1")

    result = _run([bin_dir], tmp_path)

    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr
    assert result.stdout == ""


def test_pyenv_versions_are_found_newest_first(tmp_path):
    versions = tmp_path / "pyenv" / "versions"
    _fake(versions / "3.11.7" / "bin", "python3", "exit 1")
    (versions / "3.12.1" / "bin").mkdir(parents=True)
    (versions / "3.12.1" / "bin" / "python3").symlink_to(sys.executable)
    (versions / "3.13.0" / "bin").mkdir(parents=True)
    (versions / "3.13.0" / "bin" / "python3").symlink_to(sys.executable)

    result = _run([], tmp_path, pyenv_root=tmp_path / "pyenv")

    assert result.returncode == 0
    assert result.stdout.strip() == str(versions / "3.13.0" / "bin" / "python3")
