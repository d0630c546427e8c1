"""The audit report in a real browser: Debian's headless Chromium loads the single HTML file,
the findings must be on the page, and a screenshot and a print (PDF) are saved to look at.

Skipped only when no Chromium is installed (CI installs it: ``.ci/run``). The screenshot goes to
``$KGRULES_SCREENSHOT_DIR`` when set (to look at it), else to the test's temporary directory.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

import kgrules
from kgrules.audit import AuditReport, audit
from kgrules.oracle import OracleEngine

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it in .ci/run")


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return audit(kgrules.load_example(), 2009, engine=OracleEngine())


@pytest.fixture(scope="module")
def page(report: AuditReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "kiem-tra-2009.html"
    path.write_text(report.to_html("vi"), encoding="utf-8")
    return path


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    cmd = [_chromium(), *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def _png_size_and_colours(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct pixel rows (a blank page has one)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    idat = b""
    pos = 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos:pos + 4])[0]
        kind = data[pos + 4:pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    channels = {2: 3, 6: 4, 0: 1, 4: 2}[colour] * depth // 8
    stride = width * channels + 1
    rows = {raw[i * stride + 1:(i + 1) * stride] for i in range(height)}
    return width, height, len(rows)


def test_findings_are_on_the_rendered_page(report: AuditReport, page: Path, tmp_path: Path) -> None:
    run = _run(["--dump-dom", page.as_uri()], tmp_path / "profile")
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert "Báo cáo kiểm tra việc thực hiện Quy chế — năm 2009" in dom
    text = html.unescape(re.sub(r"<[^>]+>", " ", dom))
    for f in report.findings:  # every finding has its decision section and a link to it
        assert f'id="{f.id}"' in dom and f'href="#{f.id}"' in dom
    for f in report.attention:  # and what needs attention is on the page, in words
        assert f.subject.vi in text and f.summary.vi.split(";")[0][:60] in text
    assert dom.count('class="kg-decision-box') == len(report.findings)
    assert "<svg" in dom and "Dòng thời gian của năm" in text


def test_screenshot_and_print(page: Path, tmp_path: Path) -> None:
    out_dir = Path(os.environ.get("KGRULES_SCREENSHOT_DIR", str(tmp_path)))
    out_dir.mkdir(parents=True, exist_ok=True)
    shot = out_dir / "audit-2009.png"
    run = _run(["--window-size=1280,2000", "--hide-scrollbars", f"--screenshot={shot}",
                page.as_uri()], tmp_path / "profile-shot")
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    width, height, rows = _png_size_and_colours(shot.read_bytes())
    assert (width, height) == (1280, 2000)
    assert rows > 200  # text, tables and the timeline, not a blank page
    pdf = out_dir / "audit-2009.pdf"
    run = _run(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
               tmp_path / "profile-pdf")
    assert run.returncode == 0 and pdf.exists(), run.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3
