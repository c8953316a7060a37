"""Read the Docs' build of this repository, under Read the Docs' own conditions, on a clean copy.

What Read the Docs does, read from its source (readthedocs.org: ``doc_builder/director.py``,
``doc_builder/environments.py``, ``settings/base.py``, ``projects/tasks/builds.py``; the
``ubuntu-24.04`` image's Dockerfile), and how this test reproduces it:

- The checkout holds the tracked files only, under ``.../checkouts/latest``.
- ``apt_packages`` are installed as root before any job (here: installed when missing, as root).
- Every job runs as the unprivileged user ``docs`` (uid 1005, gid 205; when this test is not
  root it runs as its own, already unprivileged, user), as
  ``nice -n 10 /bin/sh -c 'PATH=$READTHEDOCS_VIRTUALENV_PATH/bin:$PATH ; <command>'``, in the
  checkout, with Read the Docs' variables and nothing of this machine's environment.
- The virtual environment is created first (the ``sphinx`` key keeps Read the Docs' own
  create_environment step: ``python -mvirtualenv``; here ``python -m venv`` with a Python 3.11
  the build user can run); ``jobs.install`` replaces the default install step.
- Only the declared packages: the commands of packages installed on this machine that neither
  ``apt_packages`` nor the image provide (the test tools Chromium, epubcheck, poppler and Java;
  Graphviz or dvisvgm if they were not declared) are hidden from the ``PATH``. A job that
  needs one, or that needs root (apt-get), fails, and so does this test.
- Collection: ``html/index.html`` must exist; ``pdf/`` and ``epub/`` must hold exactly one
  entry each, whose name Read the Docs splits at its one dot; ``_build/html`` at the top of the
  checkout fails the build. Read the Docs uploads the html folder as it is, so it must hold no
  ``.doctrees`` or ``.buildinfo``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from site_links import missing_targets, pages

PROJECT = Path(__file__).parent.parent
CONFIG = yaml.safe_load((PROJECT / ".readthedocs.yaml").read_text(encoding="utf-8"))
UID, GID = 1005, 205
CANONICAL = "https://imt-quantum-2023.readthedocs.io/en/latest/"
# Debian packages this machine has for the build and the tests that Read the Docs' image lacks
# (it has TeX Live, latexmk and xindy): hidden from the jobs unless .readthedocs.yaml declares them.
NOT_IN_IMAGE = ("graphviz", "dvisvgm", "poppler-utils", "epubcheck", "chromium", "openjdk-", "default-jre")


def jobs() -> list[str]:
    steps = CONFIG["build"]["jobs"]
    return steps["install"] + [command for fmt in ("html", "pdf", "epub") for command in steps["build"][fmt]]


def as_build_user() -> dict:
    """subprocess arguments that run a command as Read the Docs' unprivileged user."""
    return {"user": UID, "group": GID, "extra_groups": []} if os.geteuid() == 0 else {}


def own(path: Path) -> None:
    if os.geteuid() == 0:
        for item in [path, *path.rglob("*")]:
            os.lchown(item, UID, GID)


def install_declared_packages() -> None:
    """Read the Docs' system_dependencies step: apt-get install, as root, before any job."""
    packages = CONFIG["build"]["apt_packages"]
    query = subprocess.run(["dpkg-query", "-W", "-f=${Status}\\n", *packages], capture_output=True, text=True)
    if query.stdout.count("install ok installed") == len(packages):
        return
    if os.geteuid() != 0:
        pytest.fail(f"apt_packages not all installed and not root: {' '.join(packages)}", pytrace=False)
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "--assume-yes", "--quiet", "--", *packages], check=True)


def hidden_commands() -> set[str]:
    """Commands of packages installed here that Read the Docs' machine would not have."""
    listing = subprocess.run(["dpkg-query", "-W", "-f=${Package}\\n"], capture_output=True, text=True).stdout
    declared = set(CONFIG["build"]["apt_packages"])
    hidden = set()
    for package in listing.split():
        if package.startswith(NOT_IN_IMAGE) and package not in declared:
            files = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True).stdout
            hidden.update(line for line in files.splitlines() if "/bin/" in line)
    return hidden


def path_without_test_tools(folder: Path) -> tuple[str, list[str]]:
    """A PATH of one folder linking every command of this machine's PATH but the hidden ones."""
    hidden = hidden_commands()
    hidden_names = {Path(file).name for file in hidden}
    folder.mkdir()
    left_out = set()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not directory.startswith(("/usr/", "/bin", "/sbin")) or not Path(directory).is_dir():
            continue  # only the system's own folders: no pyenv, no venv of the test run
        for command in Path(directory).iterdir():
            if (folder / command.name).exists() or not os.access(command, os.X_OK) or command.is_dir():
                continue
            if command.name in hidden_names or str(command.resolve()) in hidden:
                left_out.add(command.name)
                continue
            (folder / command.name).symlink_to(command)
    return str(folder), sorted(left_out)


def python_for(user_kwargs: dict) -> str:
    """A Python >= 3.11 with venv that the build user can run (Read the Docs: its asdf Python 3.11)."""
    candidates = ["/usr/bin/python3.11", "/usr/local/bin/python3.11", sys._base_executable]
    for candidate in candidates:
        check = subprocess.run(
            [candidate, "-c", "import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 11))"],
            capture_output=True,
            **user_kwargs,
        )
        if check.returncode == 0:
            return candidate
    pytest.fail(f"no Python 3.11 with venv that uid {UID} can run among {candidates}", pytrace=False)


def clean_checkout(target: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        source, destination = PROJECT / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            destination.symlink_to(os.readlink(source))
        elif source.is_file():
            shutil.copy2(source, destination)


@pytest.fixture(scope="module")
def read_the_docs():
    """Run every job of .readthedocs.yaml as Read the Docs runs it; return the output folder."""
    install_declared_packages()
    user = as_build_user()
    top = Path(tempfile.mkdtemp(prefix="rtd-"))
    top.chmod(0o755)
    home = top / "home" / "docs"
    builds = home / "checkouts" / "readthedocs.org" / "user_builds" / "proceedings"
    checkout, venv = builds / "checkouts" / "latest", builds / "envs" / "latest"
    clean_checkout(checkout)
    path, left_out = path_without_test_tools(top / "system-bin")
    assert {"chromium", "pdftoppm", "java"} <= set(left_out) or os.geteuid() != 0, left_out
    own(top)
    env = {
        "HOME": str(home),
        "PATH": path,
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "DEBIAN_FRONTEND": "noninteractive",
        "READTHEDOCS": "True",
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_VERSION_NAME": "latest",
        "READTHEDOCS_VERSION_TYPE": "branch",
        "READTHEDOCS_PROJECT": "proceedings",
        "READTHEDOCS_LANGUAGE": "en",
        "READTHEDOCS_OUTPUT": f"{checkout}/_readthedocs/",
        "READTHEDOCS_VIRTUALENV_PATH": str(venv),
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
        "READTHEDOCS_REPOSITORY_PATH": str(checkout),
        "READTHEDOCS_GIT_IDENTIFIER": "main",
        "READTHEDOCS_PRODUCTION_DOMAIN": "readthedocs.org",
    }
    for variable in ("PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CERT", "PIP_TRUSTED_HOST"):
        if variable in os.environ:  # how this machine reaches the package registry
            env[variable] = os.environ[variable]
    python = python_for(user)
    create = subprocess.run([python, "-m", "venv", str(venv)], cwd=home, env=env, capture_output=True, **user)
    assert create.returncode == 0, create.stderr
    log = []
    for command in jobs():
        assert "'" not in command, f"Read the Docs wraps commands in /bin/sh -c '...': {command}"
        wrapped = ["nice", "-n", "10", "/bin/sh", "-c", f"PATH={venv}/bin:$PATH ; {command}"]
        done = subprocess.run(wrapped, cwd=checkout, env=env, capture_output=True, text=True, **user)
        log.append(f"$ {command}\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        assert done.returncode == 0, "\n".join(log)
    assert not (checkout / "_build" / "html").exists()
    yield checkout / "_readthedocs"
    shutil.rmtree(top, ignore_errors=True)


def test_read_the_docs_collects_exactly_one_site_one_pdf_one_epub(read_the_docs):
    assert sorted(p.name for p in read_the_docs.iterdir()) == ["epub", "html", "pdf"]
    assert (read_the_docs / "html" / "index.html").is_file()
    for fmt in ("pdf", "epub"):
        entries = os.listdir(read_the_docs / fmt)
        assert len(entries) == 1 and entries[0].count(".") == 1 and entries[0].endswith(f".{fmt}"), entries
    published = [p.relative_to(read_the_docs).as_posix() for p in read_the_docs.rglob("*")]
    assert not [p for p in published if ".doctrees" in p or ".buildinfo" in p or "doctrees" in p]


def test_the_published_site_links_every_pdf_and_no_link_is_broken(read_the_docs):
    site = read_the_docs / "html"
    talks = sorted(p.stem for p in (PROJECT / "source" / "talks").glob("*.md"))
    assert sorted(p.stem for p in (site / "talks").glob("*.pdf")) == talks
    assert (site / "proceedings.pdf").is_file()
    for talk in talks:
        page = (site / "talks" / f"{talk}.html").read_text(encoding="utf-8")
        assert f'href="{talk}.pdf">this talk</a>' in page
    assert missing_targets(site) == []


def test_every_page_names_its_canonical_url(read_the_docs):
    site = read_the_docs / "html"
    for page in pages(site):
        name = page.relative_to(site).as_posix()
        canonical = re.findall(r'<link rel="canonical" href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert canonical == [CANONICAL + name], name
    marcati = (site / "talks" / "pierangelo-marcati.html").read_text(encoding="utf-8")
    assert f'<meta name="citation_pdf_url" content="{CANONICAL}talks/pierangelo-marcati.pdf" />' in marcati
