"""Điều 13 (implementation): dieu13.amendment_valid — the Chairman of the UBND tỉnh on the day
of the decision (the new province's after 1/7/2025), never the Head or the committee; open and
closed world for the decider's offices; every answer by durable_rules and by the oracle
(``both``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kgrules
from kgrules.case import Case
from kgrules.decision import Decision
from kgrules.params import effective_date
from tests.builders import DEP, HEAD, HL, M1, SD, X1, X2, CaseBuilder, both, check, committee, missing, reason

D1 = "dieu-13/doan-1"
K21 = "dieu-2/khoan-1"
EFFECT = "qd/hieu-luc"
YES, NO, UNKNOWN, NA = "yes", "no", "unknown", "not_applicable"
AMENDMENT = "dieu13.amendment_valid"
CHAIR = "CT"  # the Chairman of the Kiên Giang UBND
NEW_CHAIR = "CT2"  # the Chairman of the merged province's UBND, from 1/7/2025

AGENCIES: tuple[dict[str, Any], ...] = (
    {"id": "UBND-KG", "name": "UBND tỉnh Kiên Giang", "kind": "ppc", "end": "2025-06-30",
     "successor": "UBND-AG"},
    {"id": "UBND-AG", "name": "UBND tỉnh An Giang (sau hợp nhất)", "kind": "ppc",
     "start": "2025-07-01"},
    {"id": "SNV", "name": "Sở Nội vụ", "kind": "department"},
)


def office(b: CaseBuilder, person: str, kind: str = "ppc_chairman",
           agency: str | None = "UBND-KG", start: str = "2004-06-01",
           end: str | None = None) -> CaseBuilder:
    return b._add("offices", person=person, kind=kind, agency=agency, start=start, end=end)


def base() -> CaseBuilder:
    """The shared committee, the agencies, the Chairman (CT) and the Head's office."""
    b = committee()
    for agency in AGENCIES:
        b._add("agencies", **agency)
    b.person(CHAIR, "Bùi Ngọc Sương").person(NEW_CHAIR, "Hồ Văn Mừng")
    office(b, CHAIR)
    office(b, NEW_CHAIR, agency="UBND-AG", start="2025-07-01")
    return office(b, HEAD, "ppc_vice_chairman")


def amendment(decider: str, on: str = "2010-05-01", b: CaseBuilder | None = None,
              *complete: str) -> Decision:
    b = (b or base()).copy()
    b._add("amendments", id="QD-SD", decided_by=decider, decided_on=on)
    return both(AMENDMENT, b.complete(*complete).build() if complete else b.build(),
                amendment="QD-SD")


def decisive(d: Decision) -> set[str]:
    return {r.rule.split("/")[-1] for r in d.reasons if r.decisive}


@pytest.mark.clause("dieu-13/doan-1")
def test_decided_by_the_chairman() -> None:
    d = check(amendment(CHAIR), YES, "chairman", D1)
    check(d, YES, "in-force", D1)
    assert "Bùi Ngọc Sương" in reason(d, "chairman").explanation.vi
    assert "UBND tỉnh Kiên Giang" in reason(d, "chairman").explanation.en
    assert d.interpretations == ()
    # Whatever the completeness of the offices.
    check(amendment(CHAIR, "2010-05-01", None, "offices"), YES, "chairman")
    # An office of Chủ tịch UBND tỉnh without a stated agency is the UBND tỉnh's.
    b = base()
    b.person("CT0")
    office(b, "CT0", agency=None)
    check(amendment("CT0", b=b), YES, "chairman")


@pytest.mark.clause("dieu-13/doan-1", "dieu-2/khoan-1")
def test_decided_by_the_head() -> None:
    d = check(amendment(HEAD), NO, "head-decided", D1)
    assert decisive(d) == {"head-decided"}
    assert "not by the Head" in reason(d, "head-decided").explanation.en
    # Even with nothing known of his offices.
    b = committee()
    for agency in AGENCIES:
        b._add("agencies", **agency)
    check(amendment(HEAD, b=b), NO, "head-decided")


@pytest.mark.clause("dieu-13/doan-1")
@pytest.mark.parametrize("member", [SD, DEP, M1, HL])
def test_decided_by_the_committee(member: str) -> None:
    d = check(amendment(member), NO, "committee-decided", D1)
    assert "does not amend its own regulation" in reason(d, "committee-decided").explanation.en


@pytest.mark.clause("dieu-13/doan-1")
def test_decided_by_someone_else() -> None:
    # An outsider with no office of Chairman: no if the offices are complete, else unknown.
    d = check(amendment(X1), UNKNOWN, "office-unknown", D1)
    assert missing(d) == ["offices"]
    check(amendment(X1, "2010-05-01", None, "offices"), NO, "not-chairman", D1)
    # A Vice-Chairman or a department head is not the Chairman.
    b = office(base(), X2, "ppc_vice_chairman")
    check(amendment(X2, b=b), UNKNOWN, "office-unknown")
    check(amendment(X2, "2010-05-01", b, "offices"), NO, "not-chairman")
    b = office(base(), X2, "agency_head", "SNV")
    check(amendment(X2, "2010-05-01", b, "offices"), NO, "not-chairman")
    # "Chairman" of an agency that is not a UBND tỉnh.
    b = office(base(), X2, "ppc_chairman", "SNV")
    check(amendment(X2, "2010-05-01", b, "offices"), NO, "not-chairman")


@pytest.mark.clause("dieu-13/doan-1")
def test_the_chairman_on_the_day() -> None:
    b = base()
    b.person("CT1")
    office(b, "CT1", start="2011-01-01", end="2015-12-31")
    check(amendment("CT1", "2011-01-01", b), YES, "chairman")  # first day
    check(amendment("CT1", "2015-12-31", b), YES, "chairman")  # last day, inclusive
    check(amendment("CT1", "2016-01-01", b, "offices"), NO, "not-chairman")
    check(amendment("CT1", "2010-12-31", b, "offices"), NO, "not-chairman")
    check(amendment("CT1", "2016-01-01", b), UNKNOWN, "office-unknown")


@pytest.mark.clause("dieu-13/doan-1")
def test_after_the_province_merger() -> None:
    # The Kiên Giang UBND ceased on 30/6/2025; the merged province's Chairman decides since.
    check(amendment(CHAIR, "2025-06-30"), YES, "chairman")
    d = check(amendment(CHAIR, "2025-07-01", None, "offices"), NO,
              "chairman-of-former-province", D1)
    assert "An Giang" in reason(d, "chairman-of-former-province").explanation.en
    assert "30/06/2025" in reason(d, "chairman-of-former-province").explanation.vi
    d = check(amendment(CHAIR, "2025-07-01"), UNKNOWN, "chairman-of-former-province-open", D1)
    assert missing(d) == ["offices"]
    d = check(amendment(NEW_CHAIR, "2025-07-01"), YES, "chairman", D1)
    assert "An Giang" in reason(d, "chairman").explanation.vi
    check(amendment(NEW_CHAIR, "2025-06-30", None, "offices"), NO, "not-chairman")


@pytest.mark.clause("dieu-13/doan-1", "qd/hieu-luc")
def test_before_the_regulation() -> None:
    check(amendment(CHAIR, "2008-06-22"), NA, "before-effect", EFFECT)
    check(amendment(CHAIR, "2008-06-23"), YES)


@pytest.mark.clause("dieu-13/doan-1")
def test_example() -> None:
    # The example has no amendment; the same case with one decided by its Chairman (P00), by
    # its Head (P01) and by its Standing Deputy (P02).
    data = kgrules.load_example().to_dict()
    data["amendments"] = [
        {"id": f"SD-{p}", "decided_by": p, "decided_on": "2010-05-01"} for p in ("P00", "P01", "P02")
    ]
    case = Case.from_dict(data)
    check(both(AMENDMENT, case, amendment="SD-P00"), YES, "chairman")
    check(both(AMENDMENT, case, amendment="SD-P01"), NO, "head-decided")
    check(both(AMENDMENT, case, amendment="SD-P02"), NO, "committee-decided")


_DAYS = st.dates(dt.date(2008, 1, 1), dt.date(2027, 12, 31))


@pytest.mark.clause("dieu-13/doan-1")
@given(on=_DAYS, kind=st.sampled_from(["ppc_chairman", "ppc_vice_chairman", "agency_head"]),
       agency=st.sampled_from([None, "UBND-KG", "UBND-AG", "SNV"]), start=_DAYS,
       length=st.integers(0, 4000), offices_complete=st.booleans())
def test_amendment_property(on: dt.date, kind: str, agency: str | None, start: dt.date,
                            length: int, offices_complete: bool) -> None:
    """Từ ngày Quy chế có hiệu lực, việc điều chỉnh, bổ sung Quy chế hợp lệ khi và chỉ khi người
    quyết định giữ chức Chủ tịch UBND tỉnh vào ngày quyết định, của một UBND tỉnh đang tồn tại vào
    ngày đó (hoặc không nêu cơ quan); nếu không, kết luận là "không" khi hồ sơ chức vụ được khai là
    đầy đủ và "chưa xác định" khi chưa.

    From the day the regulation took effect, an amendment is valid exactly when the decider was
    the Chairman of a UBND tỉnh existing on the day of the decision (or of no stated agency);
    otherwise the answer is "no" when the offices are declared complete and "unknown" when not.
    """
    b = committee()
    for record in AGENCIES:
        b._add("agencies", **record)
    b.person("Z")
    end = start + dt.timedelta(days=length)
    office(b, "Z", kind, agency, start.isoformat(), end.isoformat())
    d = amendment("Z", on.isoformat(), b, *(("offices",) if offices_complete else ()))
    if on < effective_date():
        assert d.outcome.value == NA
        return
    record = next((a for a in AGENCIES if a["id"] == agency), None)
    agency_ok = record is None or (
        record["kind"] == "ppc"
        and record.get("start", "0000") <= on.isoformat() <= record.get("end", "9999"))
    held = kind == "ppc_chairman" and start <= on <= end and agency_ok
    if held:
        assert d.outcome.value == YES
    else:
        assert d.outcome.value == (NO if offices_complete else UNKNOWN)
