"""Test files a legal reviewer writes (YAML or JSON), run by ``kgrules test PATH…``.

A test states a case (inline, a case file, or a shipped example with a few records added,
changed or removed), a question, its arguments, the readings of the interpretation switches,
and the expected outcome, optionally the rules and clauses the answer must rest on. The format
is documented in ``docs/testing-cases.md``; this module reads it strictly (every unknown key,
wrong type or unknown name is a :class:`TestFileError` naming the file and the field path,
before anything runs), runs each test through :func:`kgrules.catalogue.ask`, and reports in
Vietnamese and English, as text or as JUnit XML for CI.

Exit status of ``kgrules test``: 0 when every test passed, 1 when one failed, 2 when a test file
is bad (its tests are not run; the other files still are).
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import json
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from kgrules.case import KIND_CLASSES, RECORD_KINDS, Case, load_case
from kgrules.catalogue import Engine, ask, question, questions
from kgrules.decision import OUTCOME_LABEL, Decision, Outcome
from kgrules.dsl import RECORD_ARGS
from kgrules.errors import InputError
from kgrules.examples import EXAMPLES, load_example
from kgrules.i18n import Text
from kgrules.interpretations import SWITCHES
from kgrules.interpretations import settings as make_settings
from kgrules.regulation import cite, clauses
from kgrules.suggest import hint
from kgrules.yamlio import YAML_SUFFIXES, YamlError, parse_yaml

__all__ = [
    "CaseTest",
    "Expectation",
    "Result",
    "Status",
    "TestFileError",
    "collect",
    "junit_xml",
    "load_file",
    "render",
    "run",
    "run_test",
]

SUFFIXES: Final = (*YAML_SUFFIXES, ".json")
#: What an expected outcome may be written as: the JSON value or its Vietnamese label.
OUTCOME_NAMES: Final[Mapping[str, Outcome]] = {
    **{o.value: o for o in Outcome},
    **{OUTCOME_LABEL[o].vi.lower(): o for o in Outcome},
}
_TEST_KEYS: Final = ("name", "note", "case", "question", "arguments", "readings", "expect")
_FILE_KEYS: Final = ("description", "case", "tests")
_CASE_KEYS: Final = ("example", "file", "facts", "records_complete", "records_incomplete", "add",
                     "change", "remove")
_EXPECT_KEYS: Final = ("outcome", "rules", "clauses")


class TestFileError(InputError):
    """A test file that cannot be run as written: ``path`` is the field (``tests[2].expect``)."""

    __test__ = False  # not a pytest class

    def __init__(self, file: str, path: str, message: str) -> None:
        super().__init__(path, message)
        self.file = file
        self.args = (f"{file}: {path}: {message}",)

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.file, self.path, self.message)

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {**super().to_dict(), "file": self.file}

    def text(self) -> Text:
        return Text(f"Tệp kiểm thử không hợp lệ tại trường «{self.path}»: {self.message}",
                    f"Bad test file at field '{self.path}': {self.message}")


@attrs.frozen
class Expectation:
    outcome: Outcome
    rules: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()


@attrs.frozen
class CaseTest:
    """One test, read and checked; ``case`` is built (patched and validated) already."""

    __test__ = False  # not a pytest class

    file: str
    index: int
    name: str
    note: str
    case: Case = attrs.field(repr=False)
    question: str
    arguments: Mapping[str, str]
    readings: Mapping[str, str]
    expect: Expectation

    @property
    def label(self) -> str:
        return f"[{self.index + 1}] {self.name}"


class Status(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"


@attrs.frozen
class Result:
    test: CaseTest | None
    file: str
    status: Status
    problems: tuple[Text, ...] = ()
    decision: Decision | None = None
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED


# --- reading ----------------------------------------------------------------------------------


class _Reader:
    """Typed access to one file's data, every error naming the file and the field path."""

    def __init__(self, file: str) -> None:
        self.file = file

    def error(self, path: str, message: str) -> TestFileError:
        return TestFileError(self.file, path or "$", message)

    def mapping(self, value: object, path: str, keys: Sequence[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(path, f"expected a mapping, got {_kind(value)}")
        for key in value:
            if key not in keys:
                extra = hint(str(key), keys)
                suggestion = f"; {extra.en}" if extra else ""
                raise self.error(_join(path, str(key)),
                                 f"unknown key (allowed: {', '.join(keys)}){suggestion}")
        return value

    def text(self, value: object, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.error(path, f"expected non-empty text, got {_kind(value)}")
        return value

    def strings(self, value: object, path: str) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.error(path, f"expected a list of text, got {_kind(value)}")
        return tuple(self.text(v, f"{path}[{n}]") for n, v in enumerate(value))

    def pairs(self, value: object, path: str) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(path, f"expected a mapping NAME: VALUE, got {_kind(value)}")
        out: dict[str, str] = {}
        for key, item in value.items():
            if isinstance(item, bool) or not isinstance(item, str | int):
                raise self.error(_join(path, key), f"expected text, got {_kind(item)}")
            out[key] = str(item)
        return out


def _kind(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    return {dict: "a mapping", list: "a list", str: "text", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _read_data(file: Path, shown: str) -> Any:
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TestFileError(shown, "$", f"cannot read the file: {exc}") from None
    try:
        if file.suffix.lower() == ".json":
            return json.loads(text)
        return parse_yaml(text)
    except json.JSONDecodeError as exc:
        raise TestFileError(shown, "$", f"line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except YamlError as exc:
        raise TestFileError(shown, "$", str(exc)) from None


def load_file(path: str | Path, shown: str | None = None) -> list[CaseTest]:
    """Every test of one file, checked and with its case built; a bad file raises
    :class:`TestFileError` and none of its tests is returned."""
    file = Path(path)
    name = shown if shown is not None else str(path)
    r = _Reader(name)
    data = _read_data(file, name)
    if isinstance(data, dict) and "tests" not in data and "question" in data:
        data = {"tests": [data]}  # a file holding one test
    top = r.mapping(data, "", _FILE_KEYS)
    raw_tests = top.get("tests")
    if not isinstance(raw_tests, list) or not raw_tests:
        raise r.error("tests", f"expected a non-empty list of tests, got {_kind(raw_tests)}")
    shared = top.get("case")
    return [_load_test(r, file.parent, item, n, shared) for n, item in enumerate(raw_tests)]


def _load_test(r: _Reader, base: Path, item: object, n: int, shared: object) -> CaseTest:
    path = f"tests[{n}]"
    t = r.mapping(item, path, _TEST_KEYS)
    for key in ("question", "expect"):
        if key not in t:
            raise r.error(_join(path, key), "required")
    qid = r.text(t["question"], f"{path}.question")
    known = [q.id for q in questions()]
    if qid not in known:
        extra = hint(qid, known)
        raise r.error(f"{path}.question",
                      f"no question {qid!r} in the catalogue" + (f"; {extra.en}" if extra else "")
                      + " (kgrules questions lists them)")
    readings = r.pairs(t.get("readings"), f"{path}.readings")
    _check_readings(r, readings, f"{path}.readings")
    expect = _expectation(r, t["expect"], f"{path}.expect", qid)
    if "case" in t:
        case = _build_case(r, base, t["case"], f"{path}.case")
    elif shared is not None:
        case = _build_case(r, base, shared, "case")
    else:
        raise r.error(f"{path}.case", "required (here or once for the whole file)")
    name = r.text(t["name"], f"{path}.name") if "name" in t else f"{qid} #{n + 1}"
    note = r.text(t["note"], f"{path}.note") if "note" in t else ""
    return CaseTest(file=r.file, index=n, name=name, note=note, case=case, question=qid,
                    arguments=r.pairs(t.get("arguments"), f"{path}.arguments"),
                    readings=readings, expect=expect)


def _check_readings(r: _Reader, readings: Mapping[str, str], path: str) -> None:
    for switch, reading in readings.items():
        if switch not in SWITCHES:
            extra = hint(switch, SWITCHES)
            raise r.error(_join(path, switch), "no such interpretation switch"
                          + (f"; {extra.en}" if extra else f" (switches: {', '.join(SWITCHES)})"))
        options = SWITCHES[switch].readings
        if reading not in options:
            extra = hint(reading, options)
            raise r.error(_join(path, switch), f"no reading {reading!r}"
                          + (f"; {extra.en}" if extra else f" (readings: {', '.join(options)})"))
    make_settings(readings)


def _expectation(r: _Reader, value: object, path: str, qid: str) -> Expectation:
    if isinstance(value, str):
        value = {"outcome": value}
    e = r.mapping(value, path, _EXPECT_KEYS)
    if "outcome" not in e:
        raise r.error(f"{path}.outcome", "required")
    raw = e["outcome"]
    outcome = OUTCOME_NAMES.get(raw.strip().lower()) if isinstance(raw, str) else None
    if outcome is None:
        raise r.error(f"{path}.outcome", f"expected one of {', '.join(o.value for o in Outcome)}, "
                      f"got {raw!r}" + ("; write it in quotes" if isinstance(raw, bool) else ""))
    q = question(qid)
    rule_ids = [rule.id for rule in q.rules]
    rules: list[str] = []
    for n, rule in enumerate(r.strings(e.get("rules", []), f"{path}.rules")):
        full = rule if "/" in rule else f"{qid}/{rule}"
        if full not in rule_ids:
            extra = hint(full, rule_ids)
            raise r.error(f"{path}.rules[{n}]", f"{qid} has no rule {rule!r}"
                          + (f"; {extra.en}" if extra else ""))
        rules.append(full)
    known = clauses()
    cited: list[str] = []
    for n, cid in enumerate(r.strings(e.get("clauses", []), f"{path}.clauses")):
        if cid not in known:
            extra = hint(cid, known)
            raise r.error(f"{path}.clauses[{n}]", f"no clause {cid!r} (ids as in clauses.tsv, "
                          "e.g. dieu-10/doan-5)" + (f"; {extra.en}" if extra else ""))
        cited.append(cid)
    return Expectation(outcome, tuple(rules), tuple(cited))


# --- building the case ------------------------------------------------------------------------


_EXAMPLE_DATA: dict[str, dict[str, Any]] = {}


def _example_data(name: str) -> dict[str, Any]:
    if name not in _EXAMPLE_DATA:
        _EXAMPLE_DATA[name] = load_example(name).to_dict()
    return copy.deepcopy(_EXAMPLE_DATA[name])


def _build_case(r: _Reader, base: Path, value: object, path: str) -> Case:
    if isinstance(value, str):
        value = ({"example": value.removeprefix("example:")} if value.startswith("example:")
                 else {"file": value})
    spec = r.mapping(value, path, _CASE_KEYS)
    sources = [k for k in ("example", "file", "facts") if k in spec]
    if len(sources) != 1:
        raise r.error(path, "give exactly one of example, file or facts"
                      + (f" (got {', '.join(sources)})" if sources else ""))
    source = sources[0]
    if source == "example":
        name = r.text(spec["example"], f"{path}.example")
        if name not in EXAMPLES:
            raise r.error(f"{path}.example", f"no example {name!r}; examples: {', '.join(EXAMPLES)}")
        data = _example_data(name)
    elif source == "file":
        target = base / r.text(spec["file"], f"{path}.file")
        try:
            data = load_case(target).to_dict()
        except InputError as exc:
            raise r.error(f"{path}.file", f"{target}: {exc.path}: {exc.message}") from None
    else:
        data = copy.deepcopy(r.mapping(spec["facts"], f"{path}.facts",
                                       (*_case_fields(),)))
    origins = _patch(r, data, spec, path)
    try:
        return Case.from_dict(data)
    except InputError as exc:
        if source == "facts" and not any(k in spec for k in _CASE_KEYS[3:]):
            raise r.error(f"{path}.facts.{exc.path}", exc.message) from None
        # A record the patch changed or added is named where the test file wrote it.
        m = _RECORD_PATH.match(exc.path)
        where = origins.get(m.group(1), []) if m else []
        origin = where[int(m.group(2))] if m and int(m.group(2)) < len(where) else None
        if m and origin is not None:
            raise r.error(origin + m.group(3), exc.message) from None
        raise r.error(path, f"the patched case is invalid at {exc.path}: {exc.message}") from None


def _case_fields() -> tuple[str, ...]:
    return tuple(f.name for f in attrs.fields(Case) if f.init)


def _kind_of(r: _Reader, kind: object, path: str) -> str:
    if kind not in RECORD_KINDS:
        extra = hint(str(kind), RECORD_KINDS)
        raise r.error(path, f"no kind of record {kind!r}" + (f"; {extra.en}" if extra else
                                                            f" (kinds: {', '.join(RECORD_KINDS)})"))
    return str(kind)


def _select(r: _Reader, records: list[dict[str, Any]], key: object, path: str) -> int:
    """The position of the record a patch names: by its id, or ``[N]`` for its place."""
    if isinstance(key, str) and key.startswith("[") and key.endswith("]") and key[1:-1].isdigit():
        index = int(key[1:-1])
        if index >= len(records):
            raise r.error(path, f"no record {key} (there are {len(records)})")
        return index
    ids = [rec.get("id") for rec in records]
    if key not in ids:
        extra = hint(str(key), [i for i in ids if isinstance(i, str)])
        raise r.error(path, f"no record with id {key!r}" + (f"; {extra.en}" if extra else
                                                           " (records without an id: [N])"))
    return ids.index(key)


#: Every kind of record a patch may add, change or remove (people too, which is not a kind
#: that ``records_complete`` can list).
_PATCHABLE: Final = tuple(KIND_CLASSES)
_RECORD_PATH: Final = re.compile(r"^([a-z_]+)\[(\d+)\](.*)$")


def _patch(r: _Reader, data: dict[str, Any], spec: Mapping[str, Any],
           path: str) -> dict[str, list[str | None]]:
    """Change, then remove, then add; positions ``[N]`` are those of the case before. Returns,
    for each kind the patch touched, where each resulting record was changed or added in the
    test file (``None``: as the base case has it)."""
    origins: dict[str, list[str | None]] = {}
    if "records_complete" in spec:
        data["records_complete"] = [_kind_of(r, k, f"{path}.records_complete[{n}]") for n, k in
                                    enumerate(r.strings(spec["records_complete"],
                                                        f"{path}.records_complete"))]
    for n, kind in enumerate(r.strings(spec.get("records_incomplete", []),
                                       f"{path}.records_incomplete")):
        _kind_of(r, kind, f"{path}.records_incomplete[{n}]")
        data["records_complete"] = [k for k in data.get("records_complete", []) if k != kind]
    change = r.mapping(spec.get("change", {}), f"{path}.change", _PATCHABLE)
    for kind, edits in change.items():
        kpath = f"{path}.change.{kind}"
        records: list[dict[str, Any]] = data.setdefault(kind, [])
        fields = [f.name for f in attrs.fields(KIND_CLASSES[kind]) if f.init]
        where = origins.setdefault(kind, [None] * len(records))
        for key, values in r.mapping(edits, kpath, [str(k) for k in edits]).items():
            rpath = f"{kpath}.{key}"
            index = _select(r, records, key, rpath)
            where[index] = rpath
            record = records[index]
            for field, new in r.mapping(values, rpath, fields).items():
                if new is None:
                    record.pop(field, None)
                else:
                    record[field] = new
    remove = r.mapping(spec.get("remove", {}), f"{path}.remove", _PATCHABLE)
    for kind, keys in remove.items():
        kpath = f"{path}.remove.{kind}"
        records = data.setdefault(kind, [])
        gone = {_select(r, records, key, f"{kpath}[{n}]")
                for n, key in enumerate(r.strings(keys, kpath))}
        data[kind] = [rec for n, rec in enumerate(records) if n not in gone]
        where = origins.setdefault(kind, [None] * len(records))
        origins[kind] = [o for n, o in enumerate(where) if n not in gone]
    add = r.mapping(spec.get("add", {}), f"{path}.add", _PATCHABLE)
    for kind, items in add.items():
        if not isinstance(items, list):
            raise r.error(f"{path}.add.{kind}", f"expected a list of records, got {_kind(items)}")
        records = data.setdefault(kind, [])
        where = origins.setdefault(kind, [None] * len(records))
        where += [f"{path}.add.{kind}[{n}]" for n in range(len(items))]
        records.extend(copy.deepcopy(items))
    return origins


# --- running ----------------------------------------------------------------------------------


def collect(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """The test files under the given files and directories (YAML and JSON), in name order.

    In a directory, a case file that tests refer to (``case: {file: …}``) may sit beside
    them: a file holding only a case's fields is not a test file and is left out. A file
    named on the command line is always read as a test file."""
    found: list[tuple[Path, str]] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found += [(f, str(f)) for f in sorted(path.rglob("*"))
                      if f.is_file() and f.suffix.lower() in SUFFIXES and not _is_case_file(f)]
        else:
            found.append((path, str(p)))
    return found


def _is_case_file(file: Path) -> bool:
    try:
        data = _read_data(file, str(file))
    except TestFileError:
        return False  # unreadable: reported as a bad test file
    if not isinstance(data, dict) or not data or "tests" in data or "question" in data:
        return False
    return set(data) <= set(_case_fields()) and not set(data) <= set(_FILE_KEYS)


def run_test(test: CaseTest, engine: Engine | None = None) -> Result:
    """Ask the test's question and compare; an argument the case does not have is an error of
    the test file (its field path given), not a failure."""
    start = time.perf_counter()
    arguments: dict[str, Any] = dict(test.arguments)
    try:
        decision = ask(test.question, test.case, interpretations=dict(test.readings),
                       engine=engine, **arguments)
    except InputError as exc:
        path = f"tests[{test.index}].{exc.path}"
        if exc.path.startswith("arguments."):
            name = exc.path.removeprefix("arguments.")
            extra = _argument_hint(test, name)
            message = exc.message + (f"; {extra.en}" if extra else "")
        else:
            message = exc.message
        err = TestFileError(test.file, path, message)
        return Result(test, test.file, Status.ERROR, (err.text(),),
                      seconds=time.perf_counter() - start)
    problems: list[Text] = []
    got = decision.outcome
    want = test.expect.outcome
    if got is not want:
        problems.append(Text(
            f"Kỳ vọng {OUTCOME_LABEL[want].vi}, kết quả {OUTCOME_LABEL[got].vi}",
            f"Expected {want.value}, got {got.value}"))
    used = {reason.rule for reason in decision.reasons}
    for rule in test.expect.rules:
        if rule not in used:
            problems.append(Text(f"Không có lý do từ luật {rule}",
                                 f"No reason comes from rule {rule}"))
    cited = {c for reason in decision.reasons for c in reason.clauses}
    for cid in test.expect.clauses:
        if cid not in cited:
            problems.append(Text(f"Không lý do nào viện dẫn {cite(cid)}",
                                 f"No reason cites {cite(cid, 'en')}"))
    return Result(test, test.file, Status.FAILED if problems else Status.PASSED, tuple(problems),
                  decision, time.perf_counter() - start)


def _argument_hint(test: CaseTest, name: str) -> Text | None:
    """Names close to a wrong argument: the question's argument names, or the ids of the
    records of the kind the argument names."""
    q = question(test.question)
    kinds = {a.name: a.kind for a in q.arguments}
    if name not in kinds:
        return hint(name, kinds)
    if kinds[name] not in RECORD_ARGS:
        return None
    ids = [ix.record.id for ix in test.case.records(RECORD_ARGS[kinds[name]])
           if getattr(ix.record, "id", None)]
    return hint(test.arguments.get(name, ""), ids)


def run(paths: Iterable[str | Path], engine: Engine | None = None) -> list[Result]:
    """Run every test of every file; a bad file gives one error result and no tests."""
    results: list[Result] = []
    for file, shown in collect(paths):
        try:
            tests = load_file(file, shown)
        except TestFileError as exc:
            results.append(Result(None, shown, Status.ERROR, (exc.text(),)))
            continue
        results += [run_test(t, engine) for t in tests]
    return results


def exit_code(results: Sequence[Result]) -> int:
    if any(r.status is Status.ERROR for r in results):
        return 2
    return 1 if any(r.status is Status.FAILED for r in results) else 0


# --- reporting --------------------------------------------------------------------------------


def failure_text(result: Result) -> list[str]:
    """Why a test did not pass, Vietnamese first then English, quoting the decision's reasons."""
    lines: list[str] = []
    for p in result.problems:
        lines += [f"      {p.vi}", f"      {p.en}"]
    d = result.decision
    if d is None:
        return lines
    lines.append("      Lý do của quyết định / The decision's reasons:")
    for reason in d.reasons:
        mark = "*" if reason.decisive else "-"
        lines.append(f"       {mark} {reason.explanation.vi}")
        lines.append(f"         {reason.explanation.en}")
        cites = "; ".join(q.citation.vi for q in reason.quotes)
        lines.append(f"         {cites} — {reason.rule}")
    for m in d.missing:
        lines.append(f"       ? {m.fact}: {m.need.vi} / {m.need.en}")
    return lines


def render(results: Sequence[Result]) -> str:
    """The run as text: one line per test, the reasons of each failure, then the totals."""
    lines: list[str] = []
    current = ""
    for res in results:
        if res.file != current:
            current = res.file
            lines.append(current)
        if res.test is None:
            lines.append("  ! lỗi tệp kiểm thử / bad test file")
            lines += [f"      {p.vi}\n      {p.en}" for p in res.problems]
            continue
        mark = {Status.PASSED: "✓", Status.FAILED: "✗", Status.ERROR: "!"}[res.status]
        lines.append(f"  {mark} {res.test.label}")
        if res.status is Status.ERROR:
            lines += [f"      {p.vi}\n      {p.en}" for p in res.problems]
        elif res.status is Status.FAILED:
            lines += failure_text(res)
    counts = {s: sum(1 for r in results if r.status is s) for s in Status}
    lines.append(
        f"Tổng / Total: {counts[Status.PASSED]} đạt / passed, {counts[Status.FAILED]} không đạt / "
        f"failed, {counts[Status.ERROR]} lỗi / errors")
    return "\n".join(lines)


def junit_xml(results: Sequence[Result]) -> bytes:
    """The run as JUnit XML (one testsuite per file), for CI dashboards."""
    root = ET.Element("testsuites", name="kgrules test")
    suites: dict[str, ET.Element] = {}
    for res in results:
        suite = suites.get(res.file)
        if suite is None:
            suite = suites[res.file] = ET.SubElement(root, "testsuite", name=res.file)
        name = res.test.label if res.test is not None else "(tệp / file)"
        case = ET.SubElement(suite, "testcase", classname=res.file, name=name,
                             time=f"{res.seconds:.3f}")
        message = "; ".join(f"{p.vi} / {p.en}" for p in res.problems)
        if res.status is Status.FAILED:
            ET.SubElement(case, "failure", message=message).text = "\n".join(failure_text(res))
        elif res.status is Status.ERROR:
            ET.SubElement(case, "error", message=message).text = message
    for suite in root:
        cases = list(suite)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
        suite.set("errors", str(sum(1 for c in cases if c.find("error") is not None)))
    root.set("tests", str(len(results)))
    root.set("timestamp", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data
