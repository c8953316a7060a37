"""The Read the Docs configuration, run as Read the Docs runs it, on a clean copy."""

import os
import subprocess
import sys
from pathlib import Path

import yaml

PROJECT = Path(__file__).parent.parent
CONFIG = yaml.safe_load((PROJECT / ".readthedocs.yaml").read_text(encoding="utf-8"))


def test_configuration_shape():
    assert CONFIG["version"] == 2
    assert CONFIG["build"]["tools"]["python"] == "3.11"
    assert sorted(CONFIG["formats"]) == ["epub", "pdf"]
    assert set(CONFIG["build"]["jobs"]["build"]) == {"html", "pdf", "epub"}


def test_the_jobs_build_every_format_where_read_the_docs_collects_it(tmp_path):
    clean = tmp_path / "checkout"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source = PROJECT / name
        target = clean / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        elif source.is_file():
            target.write_bytes(source.read_bytes())
            target.chmod(source.stat().st_mode)
    venv, output = tmp_path / "rtd-venv", tmp_path / "output"
    # Read the Docs' own create_environment step: a plain virtual environment.
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {**os.environ, "READTHEDOCS_OUTPUT": str(output), "READTHEDOCS_VIRTUALENV_PATH": str(venv)}
    jobs = CONFIG["build"]["jobs"]
    for command in jobs["install"] + jobs["build"]["html"] + jobs["build"]["pdf"] + jobs["build"]["epub"]:
        done = subprocess.run(["bash", "-c", command], cwd=clean, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
    html = output / "html"
    assert (html / "index.html").is_file()
    assert len(list((html / "talks").glob("*.html"))) == 23
    assert len(list((html / "pdf" / "offprints").glob("*.pdf"))) == 23
    assert (html / "_static" / "mathjax" / "tex-chtml.js").is_file()
    assert [p.name for p in (output / "pdf").iterdir()] == ["proceedings.pdf"]
    assert len(list((output / "epub").glob("*.epub"))) == 1 == len(list((output / "epub").iterdir()))
