"""Properties of the whole catalogue on generated committees (kgrules.testing).

Each property holds for every question, every case the strategies can draw and every reading
of the interpretation switches: the living specification of what an answer may depend on.
The number of examples comes from the hypothesis profile (tests/conftest.py: "ci" by default,
"deep" with KGRULES_HYPOTHESIS_PROFILE=deep).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgrules import Case, Decision, Outcome, ask, questions
from kgrules.catalogue import calendar_for
from kgrules.dsl import Status
from kgrules.facts import Consent, MeetingKind, Role
from kgrules.interpretations import SWITCHES
from kgrules.oracle import OracleEngine
from kgrules.params import effective_date
from kgrules.regulation import clauses
from kgrules.testing import (
    Shuffled,
    committee_cases,
    extend,
    interpretations,
    questions_for,
    renamings,
    shuffled,
    unrelated_facts,
    with_meeting_date,
)

ORACLE = OracleEngine()
QUESTION_IDS = tuple(q.id for q in questions())
Ask = tuple[str, dict[str, str]]
#: Properties that run many questions per example get fewer examples than the profile's.
FEWER = settings(max_examples=max(5, settings.default.max_examples // 3))


def comparable(decision: Decision) -> dict[str, Any]:
    """The decision as data, without the name of the engine that produced it."""
    data = decision.to_dict()
    del data["engine"]
    return data


def each_question(data: st.DataObject, case: Case) -> list[Ask]:
    """One (question, arguments) per question of the catalogue the case can be asked."""
    out = []
    for qid in QUESTION_IDS:
        found = questions_for(case, [qid])
        if not found.is_empty:
            out.append(data.draw(found, label=qid))
    return out


def years_asked(asks: list[Ask]) -> set[int]:
    """The years the arguments name (a date, a year, a quarter)."""
    kinds = {q.id: {a.name: a.kind for a in q.arguments} for q in questions()}
    out: set[int] = set()
    for qid, args in asks:
        for name, value in args.items():
            if kinds[qid][name] in ("date", "year", "quarter"):
                out.add(int(value[:4]))
    return out


def reason_signature(
    decision: Decision, path: Callable[[str], str] = lambda p: p, *, texts: bool = True
) -> Counter[str]:
    """The reasons as a multiset, record paths mapped through ``path``."""
    out: Counter[str] = Counter()
    for r in decision.reasons:
        item: dict[str, Any] = {
            "rule": r.rule, "condition": r.condition, "status": r.status.value,
            "decisive": r.decisive, "clauses": list(r.clauses),
            "facts": [path(f) for f in r.facts],
        }
        if texts:
            item["explanation"] = {"vi": path(r.explanation.vi), "en": path(r.explanation.en)}
        out[json.dumps(item, ensure_ascii=False, sort_keys=True)] += 1
    return out


def multiset(items: list[Any]) -> Counter[str]:
    return Counter(json.dumps(i, ensure_ascii=False, sort_keys=True) for i in items)


# --- the two evaluators ----------------------------------------------------------------------------


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-2", "dieu-10/doan-3", "dieu-10/doan-4",
                    "dieu-10/doan-5", "dieu-11/doan-1", "dieu-11/doan-2", "dieu-11/doan-3")
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_oracle_agrees_with_durable_engine(
    data: st.DataObject, case: Case, chosen: dict[str, str]
) -> None:
    """Bộ đánh giá thuần Python (oracle) và durable_rules đưa ra cùng một quyết định (kết luận,
    lý do, dữ kiện thiếu, cách hiểu, cảnh báo) cho mọi câu hỏi, mọi hồ sơ, mọi cách hiểu.

    The plain-Python oracle and durable_rules give the same decision (outcome, reasons, missing
    facts, interpretations, warnings) for every question, case and reading of the switches.
    """
    for qid, args in each_question(data, case):
        engine = ask(qid, case, interpretations=chosen, **args)
        oracle = ask(qid, case, interpretations=chosen, engine=ORACLE, **args)
        assert engine.engine == "durable_rules" and oracle.engine == "oracle"
        assert comparable(oracle) == comparable(engine), (qid, args, chosen)


# --- what an answer may not depend on -----------------------------------------------------------


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-2", "dieu-10/doan-3", "dieu-10/doan-4",
                    "dieu-10/doan-5", "dieu-11/doan-1", "dieu-11/doan-2", "dieu-11/doan-3")
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_fact_order_never_matters(data: st.DataObject, case: Case, chosen: dict[str, str]) -> None:
    """Thứ tự khai báo dữ kiện không ảnh hưởng đến câu trả lời: hoán vị các bản ghi trong mọi
    danh sách của hồ sơ (và các danh sách bên trong bản ghi) cho cùng kết luận và cùng tập lý do
    (đường dẫn dữ kiện được ánh xạ về hồ sơ gốc).

    The order the facts are given in never matters: permuting the records of every list of the
    case (and the lists inside records) gives the same outcome and the same multiset of reasons,
    with the facts' paths mapped back to the original case.
    """
    moved: Shuffled = data.draw(shuffled(case), label="shuffled")
    for qid, args in each_question(data, case):
        before = ask(qid, case, interpretations=chosen, **args)
        after = ask(qid, moved.case, interpretations=chosen, **args)
        assert after.outcome == before.outcome, (qid, args)
        assert reason_signature(after, moved.original_path) == reason_signature(before), (qid, args)
        assert multiset([m.to_dict() for m in after.missing]) == multiset(
            [m.to_dict() for m in before.missing])
        assert multiset([w.to_dict() for w in after.warnings]) == multiset(
            [w.to_dict() for w in before.warnings])
        assert [i.to_dict() for i in after.interpretations] == [
            i.to_dict() for i in before.interpretations]


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-2", "dieu-10/doan-3", "dieu-10/doan-4",
                    "dieu-10/doan-5", "dieu-11/doan-1", "dieu-11/doan-2", "dieu-11/doan-3")
@given(data=st.data(), case=committee_cases(), others=st.lists(committee_cases(), min_size=1,
                                                                  max_size=2))
def test_history_never_matters(data: st.DataObject, case: Case, others: list[Case]) -> None:
    """Câu hỏi đã hỏi trước đó (về hồ sơ này hay hồ sơ khác, với cách hiểu nào, bằng bộ đánh giá
    nào) không làm thay đổi câu trả lời.

    Whatever was asked before (about this case or others, under any reading, on either
    evaluator) never changes an answer.
    """
    chosen = data.draw(interpretations(), label="interpretations")
    targets = each_question(data, case)
    first = [comparable(ask(q, case, interpretations=chosen, **a)) for q, a in targets]
    pool = [case, *others]
    for _ in range(data.draw(st.integers(1, 12), label="how many before")):
        other = data.draw(st.sampled_from(pool), label="asked about")
        found = questions_for(other)
        if found.is_empty:
            continue
        qid, args = data.draw(found, label="question before")
        engine = data.draw(st.sampled_from((None, ORACLE)), label="engine")
        ask(qid, other, interpretations=data.draw(interpretations()), engine=engine, **args)
    again = [comparable(ask(q, case, interpretations=chosen, **a)) for q, a in targets]
    assert again == first


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-2", "dieu-10/doan-3", "dieu-10/doan-4",
                    "dieu-10/doan-5", "dieu-11/doan-1", "dieu-11/doan-2", "dieu-11/doan-3")
@FEWER
@given(data=st.data(), pool=st.lists(committee_cases(), min_size=1, max_size=3))
def test_threads_give_the_serial_answers(data: st.DataObject, pool: list[Case]) -> None:
    """Tám luồng hỏi cùng lúc nhận đúng những câu trả lời như khi hỏi lần lượt.

    Eight threads asking at once get exactly the answers that asking one after another gives.
    """
    jobs: list[tuple[Case, str, dict[str, str], dict[str, str]]] = []
    for _ in range(8):
        case = data.draw(st.sampled_from(pool), label="case")
        found = questions_for(case)
        if found.is_empty:
            continue
        qid, args = data.draw(found, label="question")
        jobs.append((case, qid, args, data.draw(interpretations(), label="interpretations")))

    def run(order: list[int]) -> dict[int, dict[str, Any]]:
        out = {}
        for i in order:
            case, qid, args, chosen = jobs[i]
            out[i] = ask(qid, case, interpretations=chosen, **args).to_dict()
        return out

    serial = run(list(range(len(jobs))))
    orders = [data.draw(st.permutations(range(len(jobs))), label="order") for _ in range(8)]
    results: list[dict[int, dict[str, Any]] | BaseException] = [{} for _ in range(8)]
    barrier = threading.Barrier(8)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            results[n] = run(orders[n])
        except BaseException as exc:  # reported below, in the test's own thread
            results[n] = exc

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
        assert result == serial


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-2", "dieu-10/doan-3", "dieu-10/doan-4",
                    "dieu-10/doan-5", "dieu-11/doan-1", "dieu-11/doan-2", "dieu-11/doan-3")
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_unrelated_facts_never_matter(
    data: st.DataObject, case: Case, chosen: dict[str, str]
) -> None:
    """Thêm dữ kiện về những người không liên quan và về các cuộc họp của năm khác không làm thay
    đổi câu trả lời (kể cả lý do và dữ kiện được viện dẫn).

    Adding facts about unrelated people, and about meetings in other years, never changes an
    answer (reasons and the facts they cite included).
    """
    asks = each_question(data, case)
    bigger = data.draw(unrelated_facts(case, years_asked(asks)), label="with unrelated facts")
    for qid, args in asks:
        before = ask(qid, case, interpretations=chosen, **args)
        after = ask(qid, bigger, interpretations=chosen, **args)
        # The answer, its reasons and the facts cited; not the counterfactuals of a "no": what
        # could be changed rightly depends on what else the case holds (an added record's
        # position in its list, the people a reference may be pointed at).
        assert without_counterfactuals(after) == without_counterfactuals(before), (qid, args)


def without_counterfactuals(decision: Decision) -> dict[str, Any]:
    data = decision.to_dict()
    data.pop("counterfactuals", None)
    return data


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-2", "dieu-10/doan-3", "dieu-10/doan-4",
                    "dieu-10/doan-5", "dieu-11/doan-1", "dieu-11/doan-2", "dieu-11/doan-3")
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_renaming_ids_never_matters(data: st.DataObject, case: Case, chosen: dict[str, str]) -> None:
    """Đổi mã người, mã cuộc họp (và mã mọi loại bản ghi khác: cơ quan, dự toán, văn bản...) một
    cách nhất quán, kể cả thành những mã trông như số, không làm thay đổi kết luận, các quy tắc
    được áp dụng và các dữ kiện được viện dẫn.

    Renaming the ids of people and meetings (and of every other kind of record: agencies,
    estimates, documents...) consistently, to ids that look like numbers too, never changes the
    outcome, the rules that decided it or the facts they cite.
    """
    renaming = data.draw(renamings(case), label="renaming")
    renamed = renaming.apply(case)
    for qid, args in each_question(data, case):
        before = ask(qid, case, interpretations=chosen, **args)
        after = ask(qid, renamed, interpretations=chosen, **renaming.arguments(qid, args))
        assert after.outcome == before.outcome, (qid, args, renaming)
        assert reason_signature(after, texts=False) == reason_signature(before, texts=False)
        assert [m.to_dict() for m in after.missing] == [m.to_dict() for m in before.missing]


# --- monotonicity and the window ---------------------------------------------------------------

RANK = {Outcome.NO: 0, Outcome.UNKNOWN: 1, Outcome.YES: 2}


def substitute_questions(case: Case) -> list[dict[str, str]]:
    """(meeting, member, substitute) for every substitute the case records or a consent names."""
    found: dict[tuple[str, str, str], None] = {}
    for _, a in case.records("attendances"):
        if a.on_behalf_of is not None:
            found[(a.meeting, a.on_behalf_of, a.person)] = None
    for _, c in case.records("consents"):
        if c.substitute is not None:
            found[(c.meeting, c.member, c.substitute)] = None
    return [{"meeting": m, "member": p, "substitute": s} for m, p, s in found]


def head_before(case: Case, day: dt.date, back: int) -> tuple[str, dt.date] | None:
    """The Head on some day 1–``back`` days before ``day`` (the latest such day)."""
    for n in range(1, back + 1):
        when = day - dt.timedelta(days=n)
        holders = case.holders(Role.HEAD, when)
        if holders:
            return holders[0].record.person, when
    return None


@pytest.mark.clause("dieu-10/doan-5")
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_head_consent_never_hurts(data: st.DataObject, case: Case, chosen: dict[str, str]) -> None:
    """Thêm sự đồng ý của Trưởng ban (ghi ngày trước ngày họp) không bao giờ biến câu trả lời
    "có" thành "không" cho dieu10.substitute_allowed; rộng hơn: câu trả lời chỉ có thể tốt lên
    (không < chưa xác định < có), và "không áp dụng" vẫn là "không áp dụng".

    Adding the Head's consent, dated before the meeting, never turns `yes` into `no` for
    dieu10.substitute_allowed; more broadly the answer can only improve (no < unknown < yes),
    and `not_applicable` stays so.
    """
    for args in substitute_questions(case):
        meeting = case.meeting(args["meeting"])
        found = head_before(case, meeting.date, data.draw(st.integers(1, 60), label="days"))
        if found is None:
            continue
        head, when = found
        named = data.draw(st.sampled_from((args["substitute"], None)), label="names substitute")
        consent = Consent(meeting=meeting.id, member=args["member"], given_by=head, given_on=when,
                          substitute=named if named != args["member"] else None)
        with_consent = extend(case, consents=[consent])
        before = ask("dieu10.substitute_allowed", case, interpretations=chosen, **args)
        after = ask("dieu10.substitute_allowed", with_consent, interpretations=chosen, **args)
        if before.outcome is Outcome.YES:
            assert after.outcome is Outcome.YES, (args, consent)
        if before.outcome is Outcome.NOT_APPLICABLE or after.outcome is Outcome.NOT_APPLICABLE:
            assert after.outcome == before.outcome, (args, consent)
        else:
            assert RANK[after.outcome] >= RANK[before.outcome], (args, consent)


def window_days(year: int, quarter: int) -> list[dt.date]:
    month = 3 * quarter
    return [dt.date(year, month, d) for d in range(20, 31)
            if dt.date(year, month, d) >= effective_date()]


@pytest.mark.clause("dieu-10/doan-1")
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_moving_a_meeting_inside_the_window(
    data: st.DataObject, case: Case, chosen: dict[str, str]
) -> None:
    """Dời một phiên họp định kỳ sang ngày khác trong khoảng ngày 20–30 của tháng cuối quý (từ
    ngày Quy chế có hiệu lực): giữa các ngày làm việc, câu trả lời của
    dieu10.regular_meeting_in_window không đổi (kết luận và quy tắc), theo mọi cách hiểu; theo
    cách hiểu mặc định, kết luận không đổi với mọi ngày trong khoảng, kể cả ngày nghỉ.

    Moving a regular meeting by whole days inside the 20th–30th window (on or after the day the
    regulation took effect) keeps dieu10.regular_meeting_in_window's answer among working days
    (outcome and rules), under every reading; under the default reading the outcome is kept for
    every day of the window, days off included.
    """
    regular = [m for m in case.meetings if m.kind is MeetingKind.REGULAR]
    if not regular:
        return
    meeting = data.draw(st.sampled_from(regular), label="meeting")
    days = window_days(*meeting.for_quarter)
    if not days:
        return
    calendar = calendar_for(case)
    first, second = (data.draw(st.sampled_from(days), label="day") for _ in range(2))
    a = ask("dieu10.regular_meeting_in_window", with_meeting_date(case, meeting.id, first),
            interpretations=chosen, meeting=meeting.id)
    b = ask("dieu10.regular_meeting_in_window", with_meeting_date(case, meeting.id, second),
            interpretations=chosen, meeting=meeting.id)
    if calendar.is_working_day(first) and calendar.is_working_day(second):
        assert a.outcome == b.outcome
        assert sorted(r.rule for r in a.reasons) == sorted(r.rule for r in b.reasons)
    if chosen.get("non_working_day_meeting", SWITCHES["non_working_day_meeting"].default) == (
            SWITCHES["non_working_day_meeting"].default):
        assert a.outcome == b.outcome


# --- the shape of every answer ------------------------------------------------------------------


@pytest.mark.clause("dieu-10/doan-1", "dieu-10/doan-2", "dieu-10/doan-3", "dieu-10/doan-4",
                    "dieu-10/doan-5", "dieu-11/doan-1", "dieu-11/doan-2", "dieu-11/doan-3")
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_every_answer_is_well_formed(
    data: st.DataObject, case: Case, chosen: dict[str, str]
) -> None:
    """Mọi câu trả lời: kết luận là một trong có/không/chưa xác định/không áp dụng; mọi lý do
    viện dẫn mã điều khoản chuẩn và trích đúng điều khoản đó; "chưa xác định" luôn nêu ít nhất
    một dữ kiện còn thiếu (và chỉ khi đó mới nêu); "có" không có lý do quyết định nào "không đáp
    ứng"; cách hiểu được nêu là của câu hỏi; to_dict() đi qua JSON không đổi.

    Every answer: the outcome is one of yes/no/unknown/not_applicable; every reason cites
    canonical clause ids and quotes exactly those clauses; `unknown` always names at least one
    missing fact (and only `unknown` does); `yes` has no decisive failing reason; the
    interpretations listed are the question's; to_dict() round-trips through JSON.
    """
    canonical = clauses()
    by_id = {q.id: q for q in questions()}
    for qid, args in each_question(data, case):
        d = ask(qid, case, interpretations=chosen, **args)
        assert d.outcome in set(Outcome)
        assert d.outcome.value in {"yes", "no", "unknown", "not_applicable"}
        assert d.reasons, (qid, args)
        for r in d.reasons:
            assert r.clauses and all(c in canonical for c in r.clauses), r.rule
            assert [q.clause for q in r.quotes] == list(r.clauses)
            assert all(q.text == canonical[q.clause].text for q in r.quotes)
            assert r.rule.startswith(qid + "/")
        if d.outcome is Outcome.UNKNOWN:
            assert d.missing, (qid, args)
        else:
            assert not d.missing, (qid, args)
        if d.outcome is Outcome.YES:
            assert not [r for r in d.reasons if r.decisive and r.status is Status.FAILS]
            assert all(r.status is Status.HOLDS for r in d.reasons if r.decisive)
        assert {i.switch for i in d.interpretations} <= set(by_id[qid].switches)
        for i in d.interpretations:
            assert i.reading == chosen.get(i.switch, SWITCHES[i.switch].default)
        data_ = d.to_dict()
        assert json.loads(json.dumps(data_, ensure_ascii=False)) == data_
        assert json.loads(d.to_json()) == data_


# The clauses of the interpretation points (kgrules.interpretations.SWITCHES), written out: the
# clause map reads markers without running them.
@pytest.mark.clause("dieu-2/khoan-1", "dieu-2/khoan-2", "dieu-2/khoan-3", "dieu-5/khoan-2",
                    "dieu-5/khoan-4", "dieu-6/khoan-1", "dieu-9/khoan-1", "dieu-9/khoan-2",
                    "dieu-9/khoan-3", "dieu-10/doan-1", "dieu-10/doan-2", "dieu-10/doan-4",
                    "dieu-10/doan-5", "dieu-11/doan-1", "dieu-11/doan-2", "dieu-12/doan-1",
                    "dieu-12/doan-2", "dieu-12/doan-3")
@FEWER
@given(data=st.data(), case=committee_cases(), chosen=interpretations())
def test_a_reading_an_answer_does_not_list_changes_nothing(
    data: st.DataObject, case: Case, chosen: dict[str, str]
) -> None:
    """Câu trả lời nêu mọi cách hiểu mà kết luận phụ thuộc: hỏi lại cùng câu hỏi, cùng dữ kiện,
    chỉ đổi cách hiểu của một điểm mà câu trả lời không nêu (sang bất kỳ cách hiểu nào khác của
    điểm đó), kết luận không đổi. Chẳng hạn một Phó Trưởng ban vắng họp không có người thay: "không"
    theo cách hiểu mặc định của điểm 1, "không áp dụng" khi chỉ các Ủy viên phải dự họp; câu trả
    lời "không" phải nêu điểm 1.

    An answer lists every interpretation point its outcome depended on: asked again about the
    same facts with one switch the answer does not list set to any other of its readings, the
    outcome is the same. For instance a Deputy Head absent with no substitute: "no" under point
    1's default, "not applicable" when only the ordinary Members must attend; that "no" lists
    point 1.
    """
    by_id = {q.id: q for q in questions()}
    for qid, args in each_question(data, case):
        d = ask(qid, case, interpretations=chosen, counterfactuals=False, **args)
        listed = {i.switch for i in d.interpretations}
        for switch in by_id[qid].switches:
            if switch in listed:
                continue
            current = chosen.get(switch, SWITCHES[switch].default)
            for reading in SWITCHES[switch].readings:
                if reading != current:
                    other = ask(qid, case, interpretations={**chosen, switch: reading},
                                counterfactuals=False, **args)
                    assert other.outcome == d.outcome, (qid, args, switch, reading)
