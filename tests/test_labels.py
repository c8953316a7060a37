"""A label defined in two pages fails the build, serial or parallel; unlabelled statements never collide."""

import re

import pytest
from conftest import build
from test_theorems import paper_root

UNLABELLED = """---
abstract_number: 3
speaker: Sofia Kovalevskaya
title: Tops
status: complete
---

```{prf:theorem}
An unlabelled theorem, like the first of second.md.
```

```{prf:remark}
:nonumber:

An unnumbered remark, like example-paper.md's.
```
"""


def strip_volatile(html: str) -> str:
    return re.sub(r"\?v=[0-9a-f]+", "", html)


@pytest.mark.parametrize("parallel", [0, 3])
def test_a_label_in_two_pages_is_refused(tmp_path, parallel):
    srcdir = paper_root(tmp_path)
    second = srcdir / "talks" / "second.md"
    second.write_text(second.read_text(encoding="utf-8").replace("second-noether", "example-main"))
    built = build(srcdir, parallel=parallel)
    expected = (
        "/talks/second.md:8: WARNING: the label 'example-main' is also defined in example-paper.md: "
        "labels are shared by the proceedings, so start each with the page's name [proceedings.label]"
    )
    assert expected in re.sub(r"\x1b\[[0-9;]*m", "", built.warnings)


def test_unlabelled_statements_of_two_pages_do_not_collide(tmp_path):
    srcdir = paper_root(tmp_path)
    second = srcdir / "talks" / "second.md"
    second.write_text(second.read_text(encoding="utf-8") + "\n```{prf:theorem}\nUnlabelled.\n```\n")
    (srcdir / "talks" / "third.md").write_text(UNLABELLED, encoding="utf-8")
    built = build(srcdir, parallel=3)
    assert built.warnings == ""
    assert 'id="talks-third-theorem-0"' in built.html("talks/third")


def test_a_parallel_build_gives_the_serial_pages(tmp_path):
    serial = build(paper_root(tmp_path / "serial"))
    parallel = build(paper_root(tmp_path / "parallel"), parallel=3)
    assert serial.warnings == parallel.warnings == ""
    for page in ("talks/example-paper", "talks/second", "index"):
        assert strip_volatile(parallel.html(page)) == strip_volatile(serial.html(page)), page
