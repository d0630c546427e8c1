"""Input read exactly (issue 13, part 3): dates, quarters, years and amounts are ASCII digits in
the one documented form; any other spelling (other scripts' digits, superscripts, a trailing
newline, blanks, the basic and week ISO forms) is a typed error naming the field, in the case, in
arguments, on the command line and over HTTP. No other exception reaches a caller: strings drawn
from every Unicode category (surrogates included), in keys and in values, get an answer or an
InputError, and never an HTTP 500.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kgrules
from kgrules import cli
from kgrules.calendar import CalendarOverride
from kgrules.errors import (
    ArgumentError,
    CalendarError,
    CaseError,
    InputError,
    InterpretationError,
    encodable,
)
from kgrules.exact import parse_amount, parse_count, parse_iso_date, parse_quarter, parse_year
from kgrules.oracle import OracleEngine
from kgrules.record import SqliteStore, open_store
from kgrules.service import create_app
from kgrules.testing import questions_for

EXAMPLE = kgrules.load_example()
EXAMPLE_DICT = EXAMPLE.to_dict()

#: Spellings that look like a value but are not its documented form.
BAD_DATES = ["２００９-03-26", "٢٠٠٩-03-26", "2²09-03-26", "20090326", "2009-W13-4", "2009-085",
             "20090326XX", "2009-03-26\n", " 2009-03-26", "2009-03-26 ", "2009-03-26T00:00",
             "2009-3-26", "+2009-03-26", "2009-02-29", "2009-03-2６", "", "\ud800"]
BAD_QUARTERS = ["２００９-Q1", "٢٠٠٩-Q1", "2²09-Q1", "2009-Q1\n", " 2009-Q1", "2009-Q1 ",
                "2009-q1", "2009-Q5", "2009-Q0", "2009Q1", "2009-Q１", "2009-Q¹", "\ud800"]
BAD_YEARS = ["２００９", "٢٠٠٩", "2²09", "2009\n", " 2009", "2009 ", "+2009", "209", "20090",
             "2009.0", "\ud800", ""]
BAD_AMOUNTS = ["１００", "١٠٠", "1²", "100\n", " 100", "100 ", "+100", "-100", "1_000", "1,000",
               "1e3", "0100", "", "\ud800"]


@pytest.mark.parametrize("text", BAD_DATES)
def test_a_date_in_another_form_is_a_typed_error(text: str) -> None:
    with pytest.raises(CaseError) as raised:
        parse_iso_date("meetings[0].date", text, CaseError)
    assert raised.value.path == "meetings[0].date"
    json.dumps(raised.value.to_dict(), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("text", BAD_QUARTERS)
def test_a_quarter_in_another_form_is_a_typed_error(text: str) -> None:
    with pytest.raises(ArgumentError) as raised:
        parse_quarter("arguments.quarter", text, ArgumentError)
    assert raised.value.path == "arguments.quarter"


@pytest.mark.parametrize("text", BAD_YEARS)
def test_a_year_in_another_form_is_a_typed_error(text: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_year("year", text)
    assert raised.value.path == "year"


@pytest.mark.parametrize("text", BAD_AMOUNTS)
def test_an_amount_in_another_form_is_a_typed_error(text: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_amount("amount", text)
    assert raised.value.path == "amount"


def test_the_documented_forms_are_read() -> None:
    assert parse_iso_date("d", "2009-03-26") == dt.date(2009, 3, 26)
    assert parse_quarter("q", "2009-Q4") == (2009, 4)
    assert parse_year("y", "2009") == 2009 and parse_year("y", 2009) == 2009
    assert parse_amount("a", "0") == 0 and parse_amount("a", "45000000") == 45_000_000
    assert parse_count("n", "8000", maximum=65535) == 8000
    with pytest.raises(InputError):
        parse_year("y", True)
    with pytest.raises(InputError):
        parse_quarter("q", "1999-Q1", years=(2000, 2100))


# --- the forms where they are used -----------------------------------------------------------


@pytest.mark.parametrize("text", ["２００９-Q1", "٢٠٠٩-Q1", "2²09-Q1", "2009-Q1\n", " 2009-Q1"])
def test_report_on_time_refuses_another_spelling_of_the_quarter(text: str) -> None:
    assert kgrules.ask("dieu11.report_on_time", EXAMPLE, member="P05",
                       quarter="2009-Q1").outcome.value == "yes"
    with pytest.raises(ArgumentError) as raised:
        kgrules.ask("dieu11.report_on_time", EXAMPLE, member="P05", quarter=text)
    assert raised.value.path == "arguments.quarter"


def _date_question() -> tuple[str, str]:
    for q in kgrules.questions():
        for a in q.arguments:
            if a.kind == "date" and len(q.arguments) == 1:
                return q.id, a.name
    raise AssertionError("no question takes only a date")


@pytest.mark.parametrize("text", BAD_DATES)
def test_a_date_argument_in_another_form_is_an_argument_error(text: str) -> None:
    qid, name = _date_question()
    kgrules.ask(qid, EXAMPLE, **{name: "2009-03-26"})
    with pytest.raises(ArgumentError) as raised:
        kgrules.ask(qid, EXAMPLE, **{name: text})
    assert raised.value.path == f"arguments.{name}"


@pytest.mark.parametrize("text", BAD_DATES)
def test_a_case_date_in_another_form_is_a_case_error(text: str) -> None:
    doc = json.loads(json.dumps(EXAMPLE_DICT))
    doc["meetings"][0]["date"] = text
    with pytest.raises(CaseError) as raised:
        kgrules.Case.from_dict(doc)
    assert raised.value.path == "meetings[0].date"


@pytest.mark.parametrize("text", BAD_QUARTERS)
def test_a_case_quarter_in_another_form_is_a_case_error(text: str) -> None:
    doc = json.loads(json.dumps(EXAMPLE_DICT))
    place = next(i for i, r in enumerate(doc["reports"]) if r.get("quarter"))
    doc["reports"][place]["quarter"] = text
    with pytest.raises(CaseError) as raised:
        kgrules.Case.from_dict(doc)
    assert raised.value.path == f"reports[{place}].quarter"


@pytest.mark.parametrize("text", ["20090902", "2009-W36-3", "２００９-09-02", "2009-09-02\n"])
def test_a_calendar_override_date_in_another_form_is_a_calendar_error(text: str) -> None:
    with pytest.raises(CalendarError) as raised:
        CalendarOverride.from_dict({"year": 2009, "days_off": [text]}, "overrides[0]")
    assert raised.value.path == "overrides[0].days_off[0]"


# --- the command line ------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, dict[str, Any]]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, json.loads(err) if err.strip() else {}


@pytest.mark.parametrize("text", ["２００９-Q1", "2²09-Q1", "2009-Q1\n", " 2009-Q1"])
def test_cli_arg_is_read_exactly(capsys: pytest.CaptureFixture[str], text: str) -> None:
    code, out, err = _cli(capsys, "ask", "dieu11.report_on_time", "example:committee-2009",
                          "--arg", "member=P05", "--arg", f"quarter={text}", "--json")
    assert (code, out, err["error"], err["path"]) == (2, "", "ArgumentError", "arguments.quarter")


@pytest.mark.parametrize("year", ["２００９", "2²09", "2009\n", " 2009", "20090"])
def test_cli_years_are_read_exactly(capsys: pytest.CaptureFixture[str], year: str) -> None:
    code, out, err = _cli(capsys, "calendar", year)
    assert (code, out, err["path"]) == (2, "", "year")
    code, out, err = _cli(capsys, "audit", "example:committee-2009", "--year", year,
                          "--engine", "oracle")
    assert (code, out, err["path"]) == (2, "", "year")
    assert _cli(capsys, "calendar", "2009")[0] == 0


def test_cli_overrides_file_is_read_exactly(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps([{"year": 2009, "days_off": ["2009-W36-3"]}]), encoding="utf-8")
    code, out, err = _cli(capsys, "calendar", "2009", "--overrides", str(path))
    assert (code, out, err["error"], err["path"]) == (2, "", "CalendarError",
                                                      "overrides[0].days_off[0]")
    path.write_bytes(b"\xff[]")
    code, out, err = _cli(capsys, "calendar", "2009", "--overrides", str(path))
    assert (code, err["path"]) == (2, "--overrides")


def test_cli_counts_refuse_other_digits(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["record", "list", "--limit", "２０"])
    assert raised.value.code == 2
    capsys.readouterr()


def test_cli_record_id_with_a_surrogate_is_not_found(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    code, _out, err = _cli(capsys, "record", "show", "ab\udcff", "--record",
                           str(tmp_path / "r.sqlite3"))
    assert (code, err["error"], err["path"]) == (2, "InputError", "id")


# --- every argument, every case field: strings of every Unicode category ---------------------

#: Characters of every category, lone surrogates included (hypothesis leaves them out unless
#: asked).
ANY_CHAR = st.characters(codec=None, categories=None, exclude_categories=())
SPECIAL = st.sampled_from(["２", "٢", "²", "¹", "\n", "\r", "\t", " ", "\u00a0", "\u2009",
                           "\x00", "\ud800", "\udfff", "\u200b", "\ufeff", "𝟚", "Ⅸ", "X"])
#: Keys and short strings: the special characters often, any character otherwise.
HOSTILE_TEXT = st.one_of(st.text(SPECIAL, min_size=1, max_size=4),
                         st.text(ANY_CHAR, min_size=1, max_size=6))


@st.composite
def near(draw: st.DrawFn, valid: str) -> str:
    """A valid value with one character changed, added or removed: the spellings that a loose
    reader would take for the valid one."""
    how = draw(st.sampled_from(["digit", "replace", "insert", "drop", "append", "prepend",
                                "any"]))
    digits = [i for i, c in enumerate(valid) if c in "0123456789"]
    if how == "digit" and digits:  # the same digit from another script: the loose readers' trap
        i = draw(st.sampled_from(digits))
        base = draw(st.sampled_from([0xFF10, 0x0660, 0x06F0, 0x0966, 0x1D7CE, 0x2080]))
        other = chr(base + int(valid[i])) if base != 0x2080 else "⁰¹²³⁴⁵⁶⁷⁸⁹"[int(valid[i])]
        return valid[:i] + other + valid[i + 1:]
    char = draw(st.one_of(SPECIAL, ANY_CHAR))
    at = draw(st.integers(0, max(len(valid) - 1, 0)))
    if how == "replace" and valid:
        return valid[:at] + char + valid[at + 1:]
    if how == "insert":
        return valid[:at] + char + valid[at:]
    if how == "drop" and valid:
        return valid[:at] + valid[at + 1:]
    if how == "append":
        return valid + char
    if how == "prepend":
        return char + valid
    return draw(st.text(ANY_CHAR, max_size=12))


#: Questions taking a date, a quarter or a year: drawn half of the time.
TYPED = sorted(q.id for q in kgrules.questions()
               if any(a.kind in ("date", "quarter", "year") for a in q.arguments))
TYPED_KINDS = {q.id: {a.name for a in q.arguments if a.kind in ("date", "quarter", "year")}
               for q in kgrules.questions()}


def _hostile_arguments(data: st.DataObject) -> tuple[str, dict[str, Any], str]:
    typed = data.draw(st.booleans(), label="typed")
    qid, args = data.draw(questions_for(EXAMPLE, TYPED if typed else None), label="question")
    names = sorted(TYPED_KINDS[qid] if typed and TYPED_KINDS[qid] else args)
    name = data.draw(st.sampled_from(names), label="argument")
    args = dict(args)
    args[name] = data.draw(near(args[name]), label="value")
    return qid, args, name


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_argument_takes_any_unicode_to_an_answer_or_a_typed_error(
        data: st.DataObject) -> None:
    qid, args, name = _hostile_arguments(data)
    oracle = data.draw(st.booleans(), label="oracle")
    try:
        decision = kgrules.ask(qid, EXAMPLE, engine=OracleEngine() if oracle else None,
                               **args)
    except InputError as error:
        assert isinstance(error, ArgumentError) and error.path == f"arguments.{name}", error
        json.dumps(error.to_dict(), ensure_ascii=False).encode("utf-8")
    else:
        # Taken only if it is the value's one documented spelling (or an id the case holds).
        value = args[name]
        assert value.isascii() and value == value.strip() and "\n" not in value, value
        json.loads(decision.to_json())


def _leaves(node: Any, place: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*place, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, (*place, i))
    else:
        yield place


#: Leaves of a smaller case: the example's first few records of each kind.
SMALL = {k: (v[:3] if isinstance(v, list) else v) for k, v in EXAMPLE_DICT.items()}
SMALL_LEAVES = [p for p in _leaves(SMALL) if p[0] != "calendar_overrides"]


def _container(doc: Any, place: tuple[Any, ...]) -> Any:
    for step in place[:-1]:
        doc = doc[step]
    return doc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_case_field_and_key_takes_any_unicode_to_a_case_or_a_case_error(
        data: st.DataObject) -> None:
    doc = json.loads(json.dumps(SMALL))
    place = data.draw(st.sampled_from(SMALL_LEAVES), label="field")
    parent = _container(doc, place)
    old = parent[place[-1]]
    if isinstance(parent, dict) and data.draw(st.booleans(), label="in the key"):
        key = data.draw(near(str(place[-1])), label="key")
        del parent[place[-1]]
        parent[key] = old
    else:
        parent[place[-1]] = data.draw(near(old if isinstance(old, str) else json.dumps(old)),
                                      label="value")
    text = json.dumps(doc)  # ASCII JSON: a lone surrogate travels as \ud800, as a client sends it
    try:
        case = kgrules.Case.from_json(text)
    except InputError as error:
        assert isinstance(error, CaseError), error
        json.dumps(error.to_dict(), ensure_ascii=False).encode("utf-8")
    else:
        assert isinstance(case, kgrules.Case)


# --- over HTTP: never a 500 ------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The service on either record: every accepted value, a NUL or any other character
    included, is written to it (PostgreSQL refuses NUL in text, so the record escapes it)."""
    store = (SqliteStore(tmp_path_factory.mktemp("exact") / "record.sqlite3")
             if request.param == "sqlite" else open_store(request.getfixturevalue(
                 "module_postgres_url")))
    yield TestClient(create_app(store=store))
    assert store.verify().intact
    store.close()


def _post(client: TestClient, body: dict[str, Any]) -> Any:
    text = json.dumps(body)  # ASCII: surrogates as \ud800 escapes, which JSON allows
    return client.post("/v1/ask", content=text.encode("ascii"),
                       headers={"Content-Type": "application/json"})


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_service_never_answers_500_to_any_unicode(client: TestClient,
                                                  data: st.DataObject) -> None:
    qid, args, _name = _hostile_arguments(data)
    plain: dict[str, Any] = {"question": qid, "example": "committee-2009", "arguments": args}
    bodies = [plain,
              {**plain, "arguments": {**args, data.draw(HOSTILE_TEXT, label="argument key"): "x"}},
              {**plain, data.draw(HOSTILE_TEXT, label="envelope key"): 1},
              {**plain, "interpretations": {
                  data.draw(st.one_of(st.sampled_from(sorted(kgrules.SWITCHES)), HOSTILE_TEXT),
                            label="switch"): data.draw(HOSTILE_TEXT, label="reading")}}]
    for in_key in (True, False):
        doc = json.loads(json.dumps(SMALL))
        place = data.draw(st.sampled_from(SMALL_LEAVES), label="case field")
        parent = _container(doc, place)
        if in_key and isinstance(parent, dict):
            parent[data.draw(HOSTILE_TEXT, label="case key")] = "x"
        else:
            old = parent[place[-1]]
            parent[place[-1]] = data.draw(near(old if isinstance(old, str) else json.dumps(old)),
                                          label="case value")
        bodies.append({"question": qid, "case": doc, "arguments": args})
    for body in bodies:
        r = _post(client, body)
        assert r.status_code in (200, 404, 422), (r.status_code, r.text)
        reply = r.json()
        if r.status_code != 200:
            assert reply["error"] in (
                "ArgumentError", "CaseError", "InterpretationError", "InputError",
                "UnknownQuestionError", "CalendarError"), reply
            assert "path" in reply


@pytest.mark.parametrize("quarter", ["２００９-Q1", "2²09-Q1", "2009-Q1\n", "٢٠٠٩-Q1"])
def test_service_refuses_another_spelling_naming_the_argument(client: TestClient,
                                                              quarter: str) -> None:
    r = _post(client, {"question": "dieu11.report_on_time", "example": "committee-2009",
                       "arguments": {"member": "P05", "quarter": quarter}})
    assert r.status_code == 422
    assert (r.json()["error"], r.json()["path"]) == ("ArgumentError", "arguments.quarter")


@pytest.mark.parametrize("body", [
    '{"\\ud800": 1}',
    '{"question": "dieu11.report_on_time", "example": "committee-2009", '
    '"arguments": {"member": "P05", "quarter": "2009-Q1", "\\udc00": "1"}}',
    '{"question": "dieu11.report_on_time", "example": "committee-2009", '
    '"arguments": {"member": "P05", "quarter": "2009-Q1"}, "interpretations": {"\\ud83d": "x"}}',
    '{"question": "dieu11.report_on_time", "case": {"people": [{"\\ud800": 1}]}, '
    '"arguments": {"member": "P05", "quarter": "2009-Q1"}}',
])
def test_a_lone_surrogate_in_a_key_is_a_422_naming_it(client: TestClient, body: str) -> None:
    r = client.post("/v1/ask", content=body.encode("ascii"),
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert "\\ud" in r.json()["path"] or "\\udc" in r.json()["path"]


def test_interpretation_error_with_a_surrogate_encodes() -> None:
    error = InterpretationError("interpretations.\ud800", "unknown switch")
    assert encodable(error.path) == "interpretations.\\ud800"
    json.dumps(error.to_dict(), ensure_ascii=False).encode("utf-8")


def test_service_environment_counts_are_read_exactly(monkeypatch: pytest.MonkeyPatch) -> None:
    from kgrules.service import ENV_MAX_DEPTH, app_from_env

    for raw in ("2²", "３２", " 32", "32\n"):
        monkeypatch.setenv(ENV_MAX_DEPTH, raw)
        with pytest.raises(InputError) as raised:
            app_from_env()
        assert raised.value.path == ENV_MAX_DEPTH
    monkeypatch.setenv(ENV_MAX_DEPTH, "32")
    assert app_from_env() is not None

