"""Pages as a reader's browser leaves them: headless Chromium, every network request refused."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def rendered_dom(page: Path) -> str:
    """The page's DOM after its scripts ran in headless Chromium, with every network request refused."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium missing: run tools/install-system-packages", pytrace=False)
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                f"--user-data-dir={profile}",
                "--proxy-server=127.0.0.1:9",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--virtual-time-budget=10000",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
