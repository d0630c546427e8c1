"""The decision record: appended, never changed, durable once acknowledged, replayable.

Every store test runs on SQLite and on PostgreSQL (a fresh database on the server `.ci/run`
starts; see ``postgres_url`` in conftest.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kgrules
from kgrules import testing
from kgrules.calendar import CalendarOverride, WorkingCalendar
from kgrules.case import Case
from kgrules.errors import ArgumentError, InputError
from kgrules.oracle import OracleEngine
from kgrules.record import (
    RecordError,
    RecordNotFoundError,
    RecordStore,
    SqliteStore,
    case_digest,
    open_store,
    rules_version,
)

SUBSTITUTE = ("dieu10.substitute_allowed", {"meeting": "H2009-Q3", "member": "P05", "substitute": "S03"})


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RecordStore]:
    if request.param == "sqlite":
        s: RecordStore = open_store(tmp_path / "record.sqlite3")
    else:
        s = open_store(request.getfixturevalue("postgres_url"))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def case() -> Case:
    return kgrules.load_example()


def _raw_sql(store: RecordStore, sql: str) -> None:
    """Run SQL on the store's database through a connection of its own."""
    if isinstance(store, SqliteStore):
        conn = sqlite3.connect(store.path)
        try:
            conn.execute(sql)
            conn.commit()
        finally:
            conn.rollback()
            conn.close()
    else:
        import psycopg

        url = os.environ["KGRULES_TEST_POSTGRES_URL"]
        from urllib.parse import urlsplit, urlunsplit

        db = store.location.rsplit("/", 1)[1]
        with psycopg.connect(urlunsplit(urlsplit(url)._replace(path=f"/{db}")),
                             autocommit=True) as conn:
            conn.execute(sql.replace("decisions", "kgrules_decisions")
                         .replace("cases", "kgrules_cases"))  # type: ignore[arg-type]


def test_append_get_and_replay(store: RecordStore, case: Case) -> None:
    qid, args = SUBSTITUTE
    d = kgrules.ask(qid, case, record=store, **args)
    assert d.record_id is not None
    assert d.to_dict()["record_id"] == d.record_id
    rec = store.get(d.record_id)
    assert rec.question == qid and dict(rec.arguments) == args
    assert rec.outcome == d.outcome.value == "yes"
    assert rec.decision == {k: v for k, v in d.to_dict().items() if k != "record_id"}
    assert rec.case_digest == case_digest(case)
    assert rec.rules_version == rules_version()
    assert dict(rec.interpretations) == {name: s.default for name, s in kgrules.SWITCHES.items()}
    assert rec.engine == "durable_rules" and rec.source == "library" and rec.seq >= 1
    assert store.count() == 1
    replay = store.replay(d.record_id)
    assert replay.same and replay.rules_version_matches and replay.differences == ()
    assert replay.to_dict()["replayed"] == rec.decision
    assert store.case(rec.case_digest) == case


def test_record_keeps_readings_engine_and_calendar(store: RecordStore, case: Case) -> None:
    """Replay must come out the same under non-default readings, the oracle and an explicit
    calendar with an official list, because each is recorded."""
    qid, args = SUBSTITUTE
    cal = WorkingCalendar([CalendarOverride(2009, days_off=(dt.date(2009, 8, 31),), source="test list")])
    d = kgrules.ask(qid, case, interpretations={"consent_by_deputy": "head_only"}, engine=OracleEngine(),
                    calendar=cal, record=store, **args)
    assert d.record_id is not None
    rec = store.get(d.record_id)
    assert rec.interpretations["consent_by_deputy"] == "head_only"
    assert rec.engine == "oracle"
    assert rec.calendar_overrides is not None and rec.calendar_overrides[0]["days_off"] == ["2009-08-31"]
    assert store.replay(d.record_id).same


def test_replay_reports_a_difference(store: RecordStore, case: Case) -> None:
    """A record whose decision no longer follows from its facts is not 'same': the replay
    compares, it does not echo (the row is forged by a plain INSERT, which append-only allows)."""
    qid, args = SUBSTITUTE
    d = kgrules.ask(qid, case, record=store, **args)
    assert d.record_id is not None
    rec = store.get(d.record_id)
    forged = dict(rec.decision, outcome="no")
    columns = ("seq, id, recorded_at, question, arguments, case_digest, rules_version, interpretations, "
               "engine, calendar, calendar_overrides, outcome, decision, source")
    values = [rec.seq + 1, f"forged{d.record_id[:8]}", rec.recorded_at, rec.question,
              json.dumps(dict(rec.arguments)), rec.case_digest, "0.0.0+old",
              json.dumps(dict(rec.interpretations)), rec.engine, rec.calendar,
              None, "no", json.dumps(forged), "test"]
    literal = ", ".join("NULL" if v is None else "'" + str(v).replace("'", "''") + "'" for v in values)
    _raw_sql(store, f"INSERT INTO decisions ({columns}) VALUES ({literal})")
    replay = store.replay(f"forged{d.record_id[:8]}")
    assert not replay.same
    assert replay.differences == ("outcome",)
    assert not replay.rules_version_matches
    assert "outcome" in replay.summary().en and "0.0.0+old" in replay.summary().vi


@pytest.mark.parametrize("sql", ["UPDATE decisions SET outcome = 'no'", "DELETE FROM decisions",
                                 "UPDATE cases SET body = '{}'", "DELETE FROM cases"])
def test_append_only(store: RecordStore, case: Case, sql: str) -> None:
    qid, args = SUBSTITUTE
    d = kgrules.ask(qid, case, record=store, **args)
    assert d.record_id is not None
    with pytest.raises(Exception, match="append-only"):
        _raw_sql(store, sql)
    assert store.count() == 1
    assert store.get(d.record_id).outcome == "yes"
    assert store.replay(d.record_id).same


def test_unknown_id(store: RecordStore) -> None:
    with pytest.raises(RecordNotFoundError) as err:
        store.get("nope")
    assert err.value.path == "id"
    with pytest.raises(InputError):
        store.replay("nope")


def test_append_many_is_one_transaction_in_order(store: RecordStore, case: Case) -> None:
    report = kgrules.audit(case, 2009)
    decisions = [f.decision for f in report.findings]
    assert len(decisions) > 20
    recs = store.append_many(decisions, case, source="audit")
    assert [r.seq for r in recs] == sorted(r.seq for r in recs)
    assert len({r.id for r in recs}) == len(recs) == store.count()
    assert [r.question for r in store] == [d.question for d in decisions]
    assert all(r.source == "audit" for r in store.records(limit=10_000))
    assert store.replay(recs[-1].id).same
    assert store.append_many([], case) == []


def test_threads_append_concurrently(store: RecordStore, case: Case) -> None:
    qid, args = SUBSTITUTE
    decision = kgrules.ask(qid, case, **args)
    ids: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(25):
                ids.append(store.append(decision, case).id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(ids)) == 200 == store.count()
    seqs = [r.seq for r in store]
    assert seqs == sorted(seqs) and len(set(seqs)) == 200


def test_digest_follows_the_facts(case: Case) -> None:
    same = Case.from_json(case.to_json())
    assert case_digest(same) == case_digest(case)
    changed = attrs.evolve(case, name=case.name + " (copy)")
    assert case_digest(changed) != case_digest(case)
    assert case_digest(case).startswith("sha256:") and len(case_digest(case)) == 71


def test_rules_version_names_the_package() -> None:
    assert rules_version().startswith(kgrules.__version__ + "+")


def test_open_store_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = open_store(f"sqlite:///{tmp_path}/a.sqlite3")
    assert isinstance(a, SqliteStore) and a.path == tmp_path / "a.sqlite3"
    a.close()
    monkeypatch.setenv("KGRULES_RECORD", str(tmp_path / "env.sqlite3"))
    b = open_store()
    assert isinstance(b, SqliteStore) and b.path == tmp_path / "env.sqlite3"
    b.close()
    monkeypatch.delenv("KGRULES_RECORD")
    monkeypatch.chdir(tmp_path)
    c = open_store()
    assert isinstance(c, SqliteStore) and c.path.name == "kgrules-decisions.sqlite3"
    c.close()
    with pytest.raises(InputError) as err:
        open_store("mysql://x")
    assert err.value.path == "record"
    with pytest.raises(RecordError):
        open_store(tmp_path / "no-such-dir" / "x.sqlite3")
    with pytest.raises(RecordError) as perr:
        open_store("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in str(perr.value)


def test_ask_refuses_a_record_that_is_not_a_store(case: Case) -> None:
    qid, args = SUBSTITUTE
    with pytest.raises(ArgumentError) as err:
        kgrules.ask(qid, case, record="record.sqlite3", **args)  # type: ignore[arg-type]
    assert err.value.path == "record"


def test_two_processes_share_one_sqlite_record(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    code = (
        "import sys, kgrules\n"
        "from kgrules.record import open_store\n"
        "s = open_store(sys.argv[1]); case = kgrules.load_example()\n"
        "for _ in range(20):\n"
        "    kgrules.ask('dieu10.substitute_allowed', case, meeting='H2009-Q3', member='P05',"
        " substitute='S03', record=s)\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(path)]) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    s = open_store(path)
    assert s.count() == 40 and isinstance(s, SqliteStore) and s.integrity() == "ok"
    s.close()


_WRITER = """
import sys, kgrules
from kgrules.record import open_store
s = open_store(sys.argv[1]); case = kgrules.load_example()
while True:
    d = kgrules.ask('dieu10.substitute_allowed', case, meeting='H2009-Q3', member='P05',
                    substitute='S03', record=s)
    print(d.record_id, flush=True)
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_acknowledged_records_survive_kill_9(backend: str, tmp_path: Path,
                                             request: pytest.FixtureRequest) -> None:
    """A writer prints each id only after append returned; killed with SIGKILL mid-stream,
    every printed id must be in the record when it is opened again."""
    location = (str(tmp_path / "k.sqlite3") if backend == "sqlite"
                else request.getfixturevalue("postgres_url"))
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, location], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    acknowledged: list[str] = []
    for line in proc.stdout:
        acknowledged.append(line.strip())
        if len(acknowledged) == 60:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    acknowledged.extend(line.strip() for line in proc.stdout if line.strip())
    assert proc.returncode == -signal.SIGKILL
    s = open_store(location)
    try:
        found = {rec.id for rec in s}
        assert set(acknowledged) <= found
        assert len(found) - len(acknowledged) <= 1  # at most the append in flight
        if isinstance(s, SqliteStore):
            assert s.integrity() == "ok"
        assert s.replay(acknowledged[-1]).same
    finally:
        s.close()


def test_audit_records_every_finding(store: RecordStore, case: Case) -> None:
    report = kgrules.audit(case, 2009, record=store)
    ids = [f.decision.record_id for f in report.findings]
    assert len(ids) > 20 and None not in ids and len(set(ids)) == len(ids) == store.count()
    first = report.findings[0]
    assert first.to_dict()["decision"]["record_id"] == first.decision.record_id
    rec = store.get(str(ids[-1]))
    assert rec.source == "audit" and rec.question == report.findings[-1].question
    assert store.replay(str(ids[0])).same
    plain = kgrules.audit(case, 2009)
    assert [f.outcome for f in plain.findings] == [f.outcome for f in report.findings]


@settings(max_examples=max(5, settings.default.max_examples // 3))
@given(case=testing.committee_cases(), data=st.data(), readings=testing.interpretations())
def test_replay_of_any_recorded_answer_is_the_same(tmp_path_factory: pytest.TempPathFactory,
                                                   case: Case, data: st.DataObject,
                                                   readings: dict[str, str]) -> None:
    """Property: whatever the facts, the question and the readings, a recorded answer replays
    to the identical decision from the record alone (the case is read back from the store)."""
    s = open_store(tmp_path_factory.mktemp("prop") / "r.sqlite3")
    try:
        for _ in range(3):
            qid, args = data.draw(testing.questions_for(case))
            d = kgrules.ask(qid, case, interpretations=readings, record=s, **args)
            assert d.record_id is not None
            replay = s.replay(d.record_id)
            assert replay.same, replay.differences
            assert replay.replayed["outcome"] == d.outcome.value
    finally:
        s.close()


def test_digest_cache_never_confuses_two_cases(case: Case) -> None:
    """Digests are cached per Case object by id(); ids are reused once a case is collected,
    so each lookup must check it is the same object."""
    import hashlib

    for n in range(40):
        other = attrs.evolve(case, name=f"copy {n}")
        text = json.dumps(other.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert case_digest(other) == "sha256:" + hashlib.sha256(text.encode()).hexdigest()
        del other


def test_audit_refuses_a_record_that_is_not_a_store(case: Case) -> None:
    with pytest.raises(ArgumentError) as err:
        kgrules.audit(case, 2009, record="record.sqlite3")  # type: ignore[arg-type]
    assert err.value.path == "record"
