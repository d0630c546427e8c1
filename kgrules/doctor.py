"""``kgrules doctor``: can this installation answer with its default engine, and if not, why.

durable_rules is a C extension built at install time (docs/engine.md, "Building
durable-rules"); where that went wrong, ``kgrules ask`` raises ``EngineUnavailableError``.
This check says the same before anyone asks: the Python, the C compiler a rebuild would use,
whether durable_rules imports and answers a question about the shipped example as the oracle
does, which engine ``ask`` uses, and the command that fixes it. Vietnamese first, then English.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from typing import Any

from kgrules.catalogue import ask
from kgrules.engine import durable_install, load_durable
from kgrules.errors import EngineUnavailableError, KgrulesError
from kgrules.examples import load_example
from kgrules.oracle import OracleEngine


def compiler() -> tuple[str | None, str | None]:
    """The C compiler a source build would use ($CC, else gcc, else cc) and its version line."""
    words = shlex.split(os.environ.get("CC", ""))
    names = [words[0]] if words else ["gcc", "cc"]
    for name in names:
        path = shutil.which(name)
        if path is None:
            continue
        try:
            shown = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError) as exc:
            return path, f"? ({exc})"
        return path, (shown.stdout.splitlines() or ["?"])[0]
    return None, None


def doctor(as_json: bool = False) -> tuple[str, int]:
    """What ``kgrules ask`` needs here, checked; the report and the exit status (1 when the
    default engine is unusable)."""
    supported = (3, 11) <= sys.version_info[:2] <= (3, 13)
    compiler_path, compiler_version = compiler()
    durable_version: str | None = None
    problem: str | None = None
    answer: str | None = None
    try:
        durable_version = load_durable().version
        # Not just an import: a question about the shipped example, on the engine and the oracle.
        question = ("dieu10.substitute_allowed", load_example())
        arguments = {"meeting": "H2009-Q2", "member": "P09", "substitute": "S01"}
        answer = ask(*question, **arguments).outcome.value  # type: ignore[arg-type]
        oracle = ask(*question, engine=OracleEngine(), **arguments)  # type: ignore[arg-type]
        if answer != oracle.outcome.value:
            problem = f"durable_rules answered {answer}, the oracle {oracle.outcome.value}"
    except EngineUnavailableError as exc:
        problem = exc.detail
    except KgrulesError as exc:
        problem = f"{type(exc).__name__}: {exc}"
    fixes: list[str] = []
    if problem is not None:
        if compiler_path is None:
            fixes.append("apt-get install gcc python3-dev   (Debian/Ubuntu; or your system's C "
                         "compiler and Python headers / hoặc trình biên dịch C và tệp tiêu đề "
                         "Python của hệ thống)")
        fixes.append(durable_install())
    if not supported:
        fixes.append("Python 3.11, 3.12 or 3.13 / dùng Python 3.11, 3.12 hoặc 3.13")
    report: dict[str, Any] = {
        "python": sys.version.split()[0],
        "python_executable": sys.executable,
        "python_supported": supported,
        "compiler": compiler_path,
        "compiler_version": compiler_version,
        "durable_rules": durable_version,
        "engine": "durable_rules" if problem is None else None,
        "problem": problem,
        "fix": fixes,
    }
    code = 0 if problem is None else 1
    if as_json:
        return json.dumps(report, ensure_ascii=False, indent=2), code
    yes, no = "có / yes", "KHÔNG / NO"
    lines = [
        f"Python: {report['python']} ({sys.executable}) — "
        + ("được hỗ trợ / supported" if supported else
           "ngoài phạm vi hỗ trợ 3.11–3.13 / outside the supported range 3.11–3.13"),
        "Trình biên dịch C / C compiler: "
        + (f"{compiler_path} — {compiler_version}" if compiler_path
           else "không tìm thấy / none found"),
        "durable_rules: "
        + (f"{yes}, {durable_version}" if durable_version else no)
        + (f" (trả lời câu hỏi mẫu / answers an example question: {answer})"
           if problem is None else ""),
        "kgrules ask dùng / uses: "
        + ("durable_rules (mặc định / default)" if problem is None else
           "không có bộ máy mặc định: kgrules ask báo EngineUnavailableError; chỉ --engine oracle "
           "trả lời / no default engine: kgrules ask raises EngineUnavailableError; only "
           "--engine oracle answers"),
    ]
    if problem is not None:
        lines.append(f"Vấn đề / Problem: {problem}")
    if fixes:
        lines.append("Cách sửa / Fix:")
        lines.extend(f"  {f}" for f in fixes)
    return "\n".join(lines), code
