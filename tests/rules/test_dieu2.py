"""Điều 2 (organisation): composition_valid, seal_valid and account_use_allowed, condition by
condition, under every reading of the switch they use, with the example committee; every answer
by durable_rules and by the oracle, which must agree (``both``).

``tests/builders.py`` is shared; the records it has no method for (agencies, offices, documents,
transactions) are added here through small local helpers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kgrules
from kgrules.case import Case
from kgrules.decision import Decision
from kgrules.facts import Act, AgencyKind, Capacity, Role, Seal
from tests.builders import (
    DEP,
    HEAD,
    M1,
    SD,
    X1,
    CaseBuilder,
    both,
    check,
    committee,
    missing,
    reason,
    used,
    warned,
)

K1, K2, K3 = (f"dieu-2/khoan-{n}" for n in range(1, 4))
D3K4, D6K1 = "dieu-3/khoan-4", "dieu-6/khoan-1"
EFFECT = "qd/hieu-luc"
YES, NO, UNKNOWN, NA = "yes", "no", "unknown", "not_applicable"
COMPOSITION = "dieu2.composition_valid"
SEAL = "dieu2.seal_valid"
ACCOUNT = "dieu2.account_use_allowed"

#: The agencies of every case here: the Kiên Giang UBND until the merger and its successor; the
#: Sở TT&TT until 28/2/2025 and its successor; a standing agency that ended without one.
AGENCIES: tuple[dict[str, Any], ...] = (
    {"id": "UBND-KG", "name": "UBND tỉnh Kiên Giang", "kind": "ppc", "end": "2025-06-30",
     "successor": "UBND-AG"},
    {"id": "UBND-AG", "name": "UBND tỉnh An Giang (sau hợp nhất)", "kind": "ppc",
     "start": "2025-07-01"},
    {"id": "STTTT", "name": "Sở Thông tin và Truyền thông", "kind": "standing_agency",
     "end": "2025-02-28", "successor": "SKHCN-2025"},
    {"id": "SKHCN-2025", "name": "Sở Khoa học và Công nghệ (hợp nhất)", "kind": "standing_agency",
     "start": "2025-03-01"},
    {"id": "CU", "name": "Cơ quan thường trực cũ", "kind": "standing_agency",
     "end": "2010-12-31"},
    {"id": "VP", "name": "Văn phòng UBND tỉnh", "kind": "ppc_office"},
    {"id": "SNV", "name": "Sở Nội vụ", "kind": "department"},
)


def readings(**chosen: str) -> dict[str, Any]:
    return {"interpretations": chosen}


def with_agencies(b: CaseBuilder) -> CaseBuilder:
    for agency in AGENCIES:
        b._add("agencies", **agency)
    return b


def office(b: CaseBuilder, person: str, kind: str, agency: str | None = "UBND-KG",
           start: str = "2004-06-01", end: str | None = None) -> CaseBuilder:
    return b._add("offices", person=person, kind=kind, agency=agency, start=start, end=end)


def base(start: str = "2008-07-01") -> CaseBuilder:
    """The shared lawful committee, with the agencies and the Head's office of Vice-Chairman."""
    b = with_agencies(committee(start))
    return office(b, HEAD, "ppc_vice_chairman")


# =================================================================================================
# khoản 1: the composition on a day
# =================================================================================================


def constituted(
    *, heads: int = 1, standing: int = 1, deputies: int = 1, members: int = 2, helpers: int = 1,
    vice_chairman: bool = True, office_agency: str | None = "UBND-KG",
    complete: tuple[str, ...] = ("positions",), start: str = "2009-01-01",
) -> CaseBuilder:
    """A committee with the given number of distinct people in each position, from ``start``."""
    b = with_agencies(CaseBuilder("constituted"))
    for prefix, role, n in (("H", Role.HEAD, heads), ("S", Role.STANDING_DEPUTY, standing),
                            ("D", Role.DEPUTY, deputies), ("M", Role.MEMBER, members),
                            ("T", Role.HELPER_MEMBER, helpers)):
        for i in range(n):
            b.person(f"{prefix}{i}").position(f"{prefix}{i}", role, start)
            if role is Role.HEAD and vice_chairman:
                office(b, f"{prefix}{i}", "ppc_vice_chairman", office_agency)
    return b.complete(*complete) if complete else b


def composition(b: CaseBuilder, date: str = "2009-06-01", **kw: Any) -> Decision:
    return both(COMPOSITION, b.build(), date=date, **kw)


def decisive(d: Decision) -> set[str]:
    return {r.rule.split("/")[-1] for r in d.reasons if r.decisive}


@pytest.mark.clause("dieu-2/khoan-1")
def test_composition_yes() -> None:
    d = check(composition(constituted()), YES, "one-head", K1)
    assert decisive(d) == {"in-force", "one-head", "two-deputy-heads", "one-standing_deputy",
                           "one-deputy", "distinct-people", "members", "helper-team",
                           "positions-complete"}
    assert "H0" in reason(d, "one-head").explanation.en
    assert "Phó Chủ tịch UBND tỉnh Kiên Giang" in reason(d, "one-head").explanation.vi
    assert "offices[0]" in reason(d, "one-head").facts
    assert "01/06/2009" in reason(d, "members").explanation.vi
    assert used(d) == {}
    # The shared committee of tests/builders.py, with its Head's office: its helper-team leader
    # and member are no Members.
    d = check(composition(base().complete("positions")), YES)
    assert "Members numbered 3" in reason(d, "members").explanation.en
    assert "team numbered 2" in reason(d, "helper-team").explanation.en


@pytest.mark.clause("dieu-2/khoan-1")
@pytest.mark.parametrize(
    ("counts", "failing"),
    [
        ({"heads": 0}, {"no-head"}),
        ({"heads": 2}, {"several-heads"}),
        ({"heads": 3}, {"several-heads"}),
        ({"standing": 0}, {"no-standing_deputy", "too-few-deputy-heads"}),
        ({"standing": 2}, {"several-standing_deputy", "too-many-deputy-heads"}),
        ({"deputies": 0}, {"no-deputy", "too-few-deputy-heads"}),
        ({"deputies": 2}, {"several-deputy", "too-many-deputy-heads"}),
        # Two Deputy Heads, but both Standing: the total is right, its make-up is not.
        ({"standing": 2, "deputies": 0}, {"several-standing_deputy", "no-deputy"}),
        ({"standing": 0, "deputies": 0}, {"no-standing_deputy", "no-deputy",
                                          "too-few-deputy-heads"}),
        ({"members": 0}, {"no-members"}),
        ({"heads": 0, "members": 0}, {"no-head", "no-members"}),
    ],
)
def test_composition_each_defect_is_a_reason(counts: dict[str, int], failing: set[str]) -> None:
    d = composition(constituted(**counts))
    check(d, NO)
    assert decisive(d) == failing
    assert all(K1 in r.clauses for r in d.reasons)


@pytest.mark.clause("dieu-2/khoan-1")
def test_composition_several_heads_names_each() -> None:
    d = check(composition(constituted(heads=2)), NO, "several-heads", K1)
    several = [r for r in d.reasons if r.rule.endswith("/several-heads")]
    assert sorted(r.facts[-1] for r in several) == ["positions[0]", "positions[1]"]
    assert all("2 people held the Head's position" in r.explanation.en for r in several)


@pytest.mark.clause("dieu-2/khoan-1")
def test_composition_head_must_be_a_vice_chairman() -> None:
    # Not a Vice-Chairman, offices declared complete: no.
    b = constituted(vice_chairman=False, complete=("positions", "offices"))
    d = check(composition(b), NO, "head-not-vice-chairman", K1)
    assert decisive(d) == {"head-not-vice-chairman"}
    # Another office does not make him one.
    b = constituted(vice_chairman=False, complete=("positions", "offices"))
    check(composition(office(b, "H0", "agency_head", "SNV")), NO, "head-not-vice-chairman")
    # Not recorded, offices not complete: unknown, asking for the office.
    d = check(composition(constituted(vice_chairman=False)), UNKNOWN, "head-office-unknown", K1)
    assert missing(d) == ["offices"]
    # An office of Vice-Chairman without a stated agency is the UBND tỉnh's.
    d = check(composition(constituted(office_agency=None)), YES, "one-head")
    assert "UBND tỉnh" in reason(d, "one-head").explanation.vi
    # "Vice-Chairman" of an agency that is not a UBND tỉnh does not count.
    b = constituted(office_agency="SNV", complete=("positions", "offices"))
    check(composition(b), NO, "head-not-vice-chairman")


@pytest.mark.clause("dieu-2/khoan-1")
def test_composition_head_who_is_the_chairman_is_no_vice_chairman() -> None:
    """A Head recorded as Chairman of the UBND tỉnh that day is not "01 đồng chí Phó Chủ tịch":
    "no" even with the offices open (no unrecorded office makes the Chairman a Vice-Chairman of
    the same UBND). It was "unknown", asking for a Vice-Chairman's office."""
    b = constituted(vice_chairman=False)
    d = check(composition(office(b, "H0", "ppc_chairman")), NO, "head-ppc-chairman", K1)
    assert decisive(d) == {"head-ppc-chairman"} and not d.missing
    text = reason(d, "head-ppc-chairman").explanation
    assert "Chủ tịch UBND tỉnh Kiên Giang" in text.vi and "not a Vice-Chairman" in text.en
    # With no agency stated, the Chairman's office is the UBND tỉnh's.
    b = constituted(vice_chairman=False)
    check(composition(office(b, "H0", "ppc_chairman", None)), NO, "head-ppc-chairman")
    # Only on the days he is the Chairman: before and after, the open world again.
    b = constituted(vice_chairman=False)
    office(b, "H0", "ppc_chairman", start="2009-03-01", end="2009-06-01")
    check(composition(b, "2009-06-01"), NO, "head-ppc-chairman")
    check(composition(b, "2009-06-02"), UNKNOWN, "head-office-unknown")
    # Chairman of a UBND that has ceased (Kiên Giang's, after 30/6/2025) is no longer either.
    b = constituted(start="2024-01-01", vice_chairman=False)
    office(b, "H0", "ppc_chairman")
    check(composition(b, "2025-06-30"), NO, "head-ppc-chairman")
    check(composition(b, "2025-07-01"), UNKNOWN, "head-office-unknown")
    # A Vice-Chairman's office recorded that day settles it the other way.
    b = constituted()
    check(composition(office(b, "H0", "ppc_chairman")), YES, "one-head")


@pytest.mark.clause("dieu-2/khoan-1")
def test_composition_head_office_dates() -> None:
    b = constituted(start="2009-01-01", vice_chairman=False, complete=("positions", "offices"))
    office(b, "H0", "ppc_vice_chairman", start="2009-03-01", end="2009-06-01")
    check(composition(b, "2009-03-01"), YES)  # first day of the office
    check(composition(b, "2009-06-01"), YES)  # last day, inclusive
    check(composition(b, "2009-06-02"), NO, "head-not-vice-chairman")
    check(composition(b, "2009-02-28"), NO, "head-not-vice-chairman")


@pytest.mark.clause("dieu-2/khoan-1")
def test_composition_after_the_province_merger() -> None:
    # The Kiên Giang UBND ceased on 30/6/2025: its Vice-Chairman is none on 1/7/2025.
    b = constituted(start="2024-01-01")
    check(composition(b, "2025-06-30"), YES)
    check(composition(b, "2025-07-01"), UNKNOWN, "head-office-unknown")
    b = constituted(start="2024-01-01", complete=("positions", "offices"))
    check(composition(b, "2025-07-01"), NO, "head-not-vice-chairman")
    # A Vice-Chairman of the new province's UBND is.
    b = constituted(start="2024-01-01", office_agency="UBND-AG",
                    complete=("positions", "offices"))
    check(composition(b, "2025-07-01"), YES, "one-head")
    check(composition(b, "2025-06-30"), NO, "head-not-vice-chairman")


@pytest.mark.clause("dieu-2/khoan-1")
def test_composition_one_person_two_leading_positions() -> None:
    b = constituted(standing=0)
    b.position("H0", Role.STANDING_DEPUTY, "2009-01-01")
    d = check(composition(b), NO, "same-person-head-standing_deputy", K1)
    assert decisive(d) == {"same-person-head-standing_deputy"}
    assert "Standing Deputy Head" in reason(d, "same-person-head-standing_deputy").explanation.en
    b = constituted(deputies=0)
    b.position("S0", Role.DEPUTY, "2009-01-01")
    d = check(composition(b), NO, "same-person-standing_deputy-deputy")
    # The Standing Deputy who is also the Deputy leaves one person for two places.
    assert decisive(d) == {"same-person-standing_deputy-deputy", "too-few-deputy-heads"}
    # A Deputy Head also listed as a Member is not a defect.
    b = constituted()
    b.position("D0", Role.MEMBER, "2009-01-01")
    check(composition(b), YES)


@pytest.mark.clause("dieu-2/khoan-1", "dieu-3/khoan-4")
def test_composition_without_a_helper_team() -> None:
    d = check(composition(constituted(helpers=0)), YES, "no-helper-team", D3K4)
    text = reason(d, "no-helper-team").explanation
    assert "khi cần thiết" in text.vi and "not a defect" in text.en
    # Helpers alone do not make Members.
    check(composition(constituted(members=0, helpers=2)), NO, "no-members")


@pytest.mark.clause("dieu-2/khoan-1")
def test_composition_open_world() -> None:
    # Positions not declared complete: the exact numbers cannot be confirmed, said once.
    d = check(composition(constituted(complete=())), UNKNOWN, "positions-not-complete", K1)
    assert decisive(d) == {"positions-not-complete"}
    assert missing(d) == ["records_complete"]
    assert reason(d, "one-head").status.value == "holds"  # the numbers recorded are right
    d = check(composition(constituted(members=0, complete=())), UNKNOWN, "no-members-recorded")
    assert missing(d) == ["positions", "records_complete"]
    check(composition(constituted(heads=0, complete=())), UNKNOWN, "no-head-recorded")
    check(composition(constituted(deputies=0, complete=())), UNKNOWN,
          "too-few-deputy-heads-recorded")
    # Too many is too many, whatever else exists.
    check(composition(constituted(heads=2, complete=())), NO, "several-heads")
    check(composition(constituted(standing=2, deputies=1, complete=())), NO,
          "too-many-deputy-heads")


@pytest.mark.clause("dieu-2/khoan-1")
def test_composition_positions_in_force_that_day() -> None:
    b = constituted(standing=0)
    b.person("S-old").position("S-old", Role.STANDING_DEPUTY, "2009-01-01", "2009-05-31")
    b.person("S-new").position("S-new", Role.STANDING_DEPUTY, "2009-06-01")
    check(composition(b, "2009-05-31"), YES)
    d = check(composition(b, "2009-06-01"), YES, "one-standing_deputy")
    assert "S-new" in reason(d, "one-standing_deputy").explanation.en
    # An overlap of one day is two Standing Deputies that day.
    b = constituted(standing=0)
    b.person("S-old").position("S-old", Role.STANDING_DEPUTY, "2009-01-01", "2009-06-01")
    b.person("S-new").position("S-new", Role.STANDING_DEPUTY, "2009-06-01")
    check(composition(b, "2009-06-01"), NO, "several-standing_deputy")


@pytest.mark.clause("dieu-2/khoan-1", "qd/hieu-luc")
def test_composition_before_the_regulation() -> None:
    check(composition(constituted(start="2008-01-01"), "2008-06-22"), NA, "before-effect", EFFECT)
    check(composition(constituted(start="2008-01-01"), "2008-06-23"), YES)


@pytest.mark.clause("dieu-2/khoan-1")
def test_composition_example(example: Case) -> None:
    d = check(both(COMPOSITION, example, date="2009-05-01"), YES, "one-head", K1)
    assert "Trần Văn Hòa" in reason(d, "one-head").explanation.vi
    check(d, YES, "members")
    assert "Members numbered 7" in reason(d, "members").explanation.en
    # After the merger the Kiên Giang UBND's Vice-Chairman is none; offices are not complete.
    check(both(COMPOSITION, example, date="2025-07-15"), UNKNOWN, "head-office-unknown")
    # Before the committee was constituted (20/6/2008) and before the regulation (23/6/2008).
    check(both(COMPOSITION, example, date="2008-06-19"), NA, "before-effect")


_COUNTS = st.integers(0, 3)


@pytest.mark.clause("dieu-2/khoan-1")
@given(heads=_COUNTS, standing=_COUNTS, deputies=_COUNTS, members=_COUNTS,
       helpers=st.integers(0, 2), vice_chairman=st.booleans(),
       positions_complete=st.booleans(), offices_complete=st.booleans())
def test_composition_property(
    heads: int, standing: int, deputies: int, members: int, helpers: int, vice_chairman: bool,
    positions_complete: bool, offices_complete: bool,
) -> None:
    """Ban Chỉ đạo được tổ chức đúng khi và chỉ khi có đúng 01 Trưởng ban là Phó Chủ tịch UBND
    tỉnh, đúng 01 Phó Trưởng ban Thường trực và 01 Phó Trưởng ban, ít nhất 01 Thành viên, và danh
    sách chức vụ được khai là đầy đủ; "không" khi có một thiếu sót chắc chắn (thừa người ở bất kỳ
    vị trí nào, hoặc thiếu khi danh sách đầy đủ, hoặc Trưởng ban không là Phó Chủ tịch khi hồ sơ
    chức vụ đầy đủ); ngoài ra là "chưa xác định". Tổ giúp việc không bao giờ làm thay đổi kết luận.

    The committee is lawfully composed exactly when there is one Head who is a Vice-Chairman of
    the UBND tỉnh, one Standing Deputy, one Deputy, at least one Member, and the positions are
    declared complete; "no" when a defect is certain (too many in any position, too few with
    complete positions, or a Head who is no Vice-Chairman with complete offices); otherwise
    "unknown". The helper team never changes the answer.
    """
    complete = tuple(k for k, on in (("positions", positions_complete),
                                     ("offices", offices_complete)) if on)
    b = constituted(heads=heads, standing=standing, deputies=deputies, members=members,
                    helpers=helpers, vice_chairman=vice_chairman, complete=complete)
    d = composition(b)
    exact = {"head": heads, "standing": standing, "deputy": deputies}
    too_many = any(n > 1 for n in exact.values()) or standing + deputies > 2
    too_few = any(n == 0 for n in exact.values()) or members == 0
    not_vc = heads >= 1 and not vice_chairman and offices_complete
    if too_many or (too_few and positions_complete) or not_vc:
        assert d.outcome.value == NO
    elif not too_few and vice_chairman and positions_complete:
        assert d.outcome.value == YES
    else:
        assert d.outcome.value == UNKNOWN
        assert d.missing


# =================================================================================================
# khoản 2 and khoản 3: seals
# =================================================================================================


def document(b: CaseBuilder, signed_by: str, capacity: Capacity | str, seal: Seal | str,
             seal_agency: str | None = None, signed_on: str = "2009-05-04",
             id: str = "VB") -> CaseBuilder:
    return b._add("documents", id=id, signed_by=signed_by, capacity=str(capacity),
                  seal=str(seal), seal_agency=seal_agency, signed_on=signed_on)


def sealed(b: CaseBuilder, *args: Any, **kw: Any) -> Decision:
    options = {k: kw.pop(k) for k in ("interpretations",) if k in kw}
    return both(SEAL, document(b.copy(), *args, **kw).build(), document="VB", **options)


HEAD_DOC = (HEAD, Capacity.HEAD)
OFFICE_DOC = (SD, Capacity.STANDING_OFFICE)


@pytest.mark.clause("dieu-2/khoan-3")
def test_seal_head_yes() -> None:
    d = check(sealed(base(), *HEAD_DOC, Seal.PPC, "UBND-KG"), YES, "head-seal-of-agency", K3)
    check(d, YES, "signer-head", K3)
    check(d, YES, "signed-as-head", K3)
    assert "UBND tỉnh Kiên Giang" in reason(d, "head-seal-of-agency").explanation.vi
    assert used(d) == {}
    # The seal's agency need not be stated.
    check(sealed(base(), *HEAD_DOC, Seal.PPC), YES, "head-seal", K3)


@pytest.mark.clause("dieu-2/khoan-3")
@pytest.mark.parametrize("seal", [Seal.STANDING_AGENCY, Seal.OTHER_AGENCY, Seal.NONE])
def test_seal_head_wrong_seal(seal: Seal) -> None:
    agency = "STTTT" if seal is Seal.STANDING_AGENCY else None
    # No seal is a wrong seal only under the reading that a seal is required (point 13).
    d = check(sealed(base(), *HEAD_DOC, seal, agency, **readings(unsealed_document="required")),
              NO, "head-wrong-seal", K3)
    assert decisive(d) == {"head-wrong-seal"}


@pytest.mark.clause("dieu-2/khoan-3", "dieu-2/khoan-2")
@pytest.mark.parametrize("doc", [HEAD_DOC, OFFICE_DOC])
def test_unsealed_document_under_each_reading(doc: tuple[str, Capacity]) -> None:
    """Issue 12, item 9, point 13 (unsealed_document): "Các văn bản do Trưởng ban chỉ đạo ký được
    đóng dấu của Ủy ban nhân dân tỉnh" and "được sử dụng con dấu" permit; they do not say "phải"."""
    rule = "head" if doc is HEAD_DOC else "standing_office"
    d = check(sealed(base(), *doc, Seal.NONE), YES, f"{rule}-unsealed-permitted")
    assert "unsealed_document" in warned(d)
    assert used(d)["unsealed_document"] == ("permitted", True)
    d = check(sealed(base(), *doc, Seal.NONE, **readings(unsealed_document="required")), NO,
              f"{rule}-wrong-seal")
    assert used(d)["unsealed_document"] == ("required", False)


@pytest.mark.clause("dieu-2/khoan-3")
def test_seal_head_seal_agency() -> None:
    # The UBND seal, but naming an agency that is not a UBND tỉnh.
    d = check(sealed(base(), *HEAD_DOC, Seal.PPC, "VP"), NO, "head-seal-agency-of-wrong-kind", K3)
    assert "Văn phòng UBND tỉnh" in reason(d, "head-seal-agency-of-wrong-kind").explanation.vi
    # The Kiên Giang UBND's seal after the merger: its successor's seal is the one.
    d = check(sealed(base(), *HEAD_DOC, Seal.PPC, "UBND-KG", signed_on="2025-07-01"), NO,
              "head-seal-agency-succeeded", K3)
    assert "An Giang" in reason(d, "head-seal-agency-succeeded").explanation.en
    check(sealed(base(), *HEAD_DOC, Seal.PPC, "UBND-KG", signed_on="2025-06-30"), YES)
    check(sealed(base(), *HEAD_DOC, Seal.PPC, "UBND-AG", signed_on="2025-07-01"), YES)
    check(sealed(base(), *HEAD_DOC, Seal.PPC, "UBND-AG", signed_on="2025-06-30"), NO,
          "head-seal-agency-not-yet", K3)


@pytest.mark.clause("dieu-2/khoan-3", "dieu-6/khoan-1")
def test_seal_signer_as_head() -> None:
    # Who may sign with the UBND tỉnh's seal is authority.may_act's answer about
    # sign_with_ppc_seal (issue 12, item 4): "no" once the records it rests on are complete.
    def closed(b: Any) -> Any:
        return b.copy().complete("positions").complete("authorisations")

    # Someone else signing as Head.
    for signer in (SD, DEP, M1, X1):
        d = check(sealed(closed(base()), signer, Capacity.HEAD, Seal.PPC), NO, "signer-not-head",
                  K3)
        assert decisive(d) == {"signer-not-head"}
    # Open records: the Standing Deputy may hold an unrecorded authorisation, X1 an unrecorded
    # position; a Deputy Head's or a member's recorded position settles it.
    for signer in (SD, X1):
        d = check(sealed(base(), signer, Capacity.HEAD, Seal.PPC), UNKNOWN,
                  "signer-authority-unknown", K3)
        assert missing(d) == ["authority.may_act"]
    for signer in (DEP, M1):
        check(sealed(base(), signer, Capacity.HEAD, Seal.PPC), NO, "signer-not-head")
    # The Standing Deputy under the Head's authorisation to sign with the UBND seal.
    b = base().authorise("UQ", HEAD, SD, [Act.SIGN_WITH_PPC_SEAL], "2009-01-01", "2009-12-31")
    d = check(sealed(b, SD, Capacity.HEAD, Seal.PPC), YES, "signer-standing-deputy", D6K1)
    assert "UQ" in reason(d, "signer-standing-deputy").explanation.en
    check(sealed(closed(b), SD, Capacity.HEAD, Seal.PPC, signed_on="2010-01-04"), NO,
          "signer-not-head")
    b = base().authorise("UQ", HEAD, SD, [Act.CONVENE_MEETING], "2009-01-01", "2009-12-31")
    check(sealed(closed(b), SD, Capacity.HEAD, Seal.PPC), NO, "signer-not-head")
    check(sealed(b, SD, Capacity.HEAD, Seal.PPC), UNKNOWN, "signer-authority-unknown")
    # The Head after leaving office.
    b = base()
    b.records["positions"][0]["end"] = "2009-04-30"
    check(sealed(closed(b), *HEAD_DOC, Seal.PPC), NO, "signer-not-head")
    check(sealed(b, *HEAD_DOC, Seal.PPC), UNKNOWN, "signer-authority-unknown")


@pytest.mark.clause("dieu-2/khoan-3", "dieu-2/khoan-2")
def test_seal_signer_as_head_neither_says_for_the_head_nor_lists_point_7() -> None:
    """Signed as Head, the question about the signer is whether they were the Head, or the
    Standing Deputy signing for him: the unknown reason does not say the signer signed "thay
    Trưởng ban", and no answer lists point 7 (who the Standing office is), which plays no part;
    a document signed for the Standing office lists it under every outcome."""
    closed = base().complete("positions").complete("authorisations")
    for b, signer, outcome in ((base(), X1, UNKNOWN), (base(), HEAD, YES), (closed, M1, NO)):
        d = check(sealed(b, signer, Capacity.HEAD, Seal.PPC), outcome)
        assert "standing_office" not in used(d), (signer, used(d))
        if outcome == UNKNOWN:
            text = reason(d, "signer-authority-unknown").explanation
            assert "ký thay Trưởng ban" not in text.vi.split("):")[0], text.vi
            assert "với tư cách Trưởng ban" in text.vi
    for b, signer, outcome in ((base(), SD, YES), (closed, M1, NO)):
        d = check(sealed(b, signer, Capacity.STANDING_OFFICE, Seal.STANDING_AGENCY, "STTTT"),
                  outcome)
        assert used(d)["standing_office"] == ("standing_deputy", True), signer


@pytest.mark.clause("dieu-2/khoan-2")
def test_seal_standing_office_yes() -> None:
    d = check(sealed(base(), *OFFICE_DOC, Seal.STANDING_AGENCY, "STTTT"), YES,
              "standing_office-seal-of-agency", K2)
    check(d, YES, "signer-office-standing-deputy", K2)
    assert used(d) == {"standing_office": ("standing_deputy", True)}
    check(sealed(base(), *OFFICE_DOC, Seal.STANDING_AGENCY), YES, "standing_office-seal", K2)


@pytest.mark.clause("dieu-2/khoan-2")
@pytest.mark.parametrize("seal", [Seal.PPC, Seal.OTHER_AGENCY, Seal.NONE])
def test_seal_standing_office_wrong_seal(seal: Seal) -> None:
    d = check(sealed(base(), *OFFICE_DOC, seal, **readings(unsealed_document="required")), NO,
              "standing_office-wrong-seal", K2)
    assert decisive(d) == {"standing_office-wrong-seal"}


@pytest.mark.clause("dieu-2/khoan-2")
def test_seal_standing_agency_and_its_successor() -> None:
    # The Sở TT&TT merged into the Sở KH&CN on 1/3/2025.
    check(sealed(base(), *OFFICE_DOC, Seal.STANDING_AGENCY, "STTTT", signed_on="2025-02-28"), YES)
    d = check(sealed(base(), *OFFICE_DOC, Seal.STANDING_AGENCY, "STTTT", signed_on="2025-03-01"),
              NO, "standing_office-seal-agency-succeeded", K2)
    assert "Sở Khoa học và Công nghệ" in reason(
        d, "standing_office-seal-agency-succeeded").explanation.vi
    check(sealed(base(), *OFFICE_DOC, Seal.STANDING_AGENCY, "SKHCN-2025", signed_on="2025-03-01"),
          YES, "standing_office-seal-of-agency")
    check(sealed(base(), *OFFICE_DOC, Seal.STANDING_AGENCY, "SKHCN-2025", signed_on="2025-02-28"),
          NO, "standing_office-seal-agency-not-yet")
    check(sealed(base(), *OFFICE_DOC, Seal.STANDING_AGENCY, "CU", signed_on="2011-01-01"), NO,
          "standing_office-seal-agency-ceased")
    check(sealed(base(), *OFFICE_DOC, Seal.STANDING_AGENCY, "SNV"), NO,
          "standing_office-seal-agency-of-wrong-kind")


@pytest.mark.clause("dieu-2/khoan-2", "dieu-2/khoan-1")
def test_seal_who_is_the_standing_office_under_each_reading() -> None:
    wider = readings(standing_office="standing_deputy_or_agency_head")
    # Neither the Standing Deputy nor the head of the standing agency.
    d = check(sealed(base(), M1, Capacity.STANDING_OFFICE, Seal.STANDING_AGENCY), NO,
              "signer-not-standing-office", K2)
    assert used(d) == {"standing_office": ("standing_deputy", True)}
    # The director of the Sở TT&TT, who is not the Standing Deputy.
    b = office(base(), X1, "agency_head", "STTTT", start="2008-04-01")
    check(sealed(b, X1, Capacity.STANDING_OFFICE, Seal.STANDING_AGENCY), NO,
          "signer-not-standing-office")
    d = check(sealed(b, X1, Capacity.STANDING_OFFICE, Seal.STANDING_AGENCY, **wider), YES,
              "signer-office-standing-agency-head", K2)
    assert used(d) == {"standing_office": ("standing_deputy_or_agency_head", False)}
    # Under the wider reading, an office not recorded leaves it open, unless declared complete.
    d = check(sealed(base(), M1, Capacity.STANDING_OFFICE, Seal.STANDING_AGENCY, **wider),
              UNKNOWN, "signer-office-unknown", K2)
    assert missing(d) == ["offices"]
    check(sealed(base().complete("offices"), M1, Capacity.STANDING_OFFICE, Seal.STANDING_AGENCY,
                 **wider), NO, "signer-not-standing-office-or-agency-head")
    # The Standing Deputy is the Standing office under both readings.
    check(sealed(base(), *OFFICE_DOC, Seal.STANDING_AGENCY, **wider), YES,
          "signer-office-standing-deputy")


@pytest.mark.clause("dieu-2/khoan-2", "dieu-2/khoan-3", "qd/hieu-luc")
@pytest.mark.parametrize("capacity", [Capacity.MEMBER, Capacity.AGENCY, Capacity.PPC,
                                      Capacity.OTHER])
def test_seal_other_capacities_not_applicable(capacity: Capacity) -> None:
    d = check(sealed(base(), M1, capacity, Seal.OTHER_AGENCY), NA, "other-capacity", K3)
    assert decisive(d) == {"other-capacity", "signer-other-capacity", "seal-other-capacity"}


@pytest.mark.clause("dieu-2/khoan-3", "qd/hieu-luc")
def test_seal_before_the_regulation() -> None:
    check(sealed(base("2008-01-01"), *HEAD_DOC, Seal.PPC, signed_on="2008-06-22"), NA,
          "before-effect", EFFECT)
    check(sealed(base("2008-01-01"), *HEAD_DOC, Seal.PPC, signed_on="2008-06-23"), YES)


@pytest.mark.clause("dieu-2/khoan-2", "dieu-2/khoan-3")
def test_seal_example(example: Case) -> None:
    check(both(SEAL, example, document="VB-2009-01"), YES, "head-seal-of-agency", K3)
    check(both(SEAL, example, document="VB-2009-02"), YES, "standing_office-seal-of-agency", K2)
    d = check(both(SEAL, example, document="VB-2009-03"), NO, "head-wrong-seal", K3)
    assert "standing agency's seal" in reason(d, "head-wrong-seal").explanation.en


#: Signing days around the Sở TT&TT's merger and the province merger.
_DAYS = st.dates(dt.date(2008, 6, 23), dt.date(2026, 12, 31))


@pytest.mark.clause("dieu-2/khoan-2", "dieu-2/khoan-3")
@given(capacity=st.sampled_from([Capacity.HEAD, Capacity.STANDING_OFFICE]),
       seal=st.sampled_from(list(Seal)),
       agency=st.sampled_from([None, *(a["id"] for a in AGENCIES)]), on=_DAYS)
def test_seal_property(capacity: Capacity, seal: Seal, agency: str | None, on: dt.date) -> None:
    """Văn bản do Trưởng ban ký (với tư cách Trưởng ban) đúng con dấu khi và chỉ khi mang dấu UBND
    tỉnh; văn bản của Thường trực đúng con dấu khi và chỉ khi mang dấu cơ quan Thường trực; cơ quan
    có con dấu, nếu được nêu, phải đúng loại và đang tồn tại vào ngày ký. Văn bản không đóng dấu
    không trái Điều 2 (cách hiểu mặc định của điểm 13: "được đóng dấu" là cho phép).

    A document signed as Head bears the right seal exactly when it bears the UBND tỉnh's seal; one
    signed for the Standing office, exactly when it bears the standing agency's seal; the seal's
    agency, when stated, must be of the right kind and exist on the signing day. A document
    bearing no seal breaches nothing (the default reading of point 13: "được đóng dấu" permits).
    """
    if seal is Seal.NONE:
        agency = None
    signer = HEAD if capacity is Capacity.HEAD else SD
    d = sealed(base("2008-01-01"), signer, capacity, seal, agency, signed_on=on.isoformat())
    wanted = (Seal.PPC, AgencyKind.PPC) if capacity is Capacity.HEAD else (
        Seal.STANDING_AGENCY, AgencyKind.STANDING_AGENCY)
    right = seal is wanted[0] or seal is Seal.NONE  # no seal: permitted by default (point 13)
    if seal is wanted[0] and agency is not None:
        record = next(a for a in AGENCIES if a["id"] == agency)
        exists = (record.get("start", "0000") <= on.isoformat() <= record.get("end", "9999"))
        right = record["kind"] == wanted[1].value and exists
    assert d.outcome.value == (YES if right else NO)


# =================================================================================================
# khoản 2: the account
# =================================================================================================


def transaction(b: CaseBuilder, account: str, on: str = "2009-03-27", *,
                for_committee: bool = True, amount: int = 12_500_000) -> CaseBuilder:
    return b._add("transactions", id="GD", date=on, account_agency=account, amount=amount,
                  for_committee=for_committee)


def account(account_agency: str, on: str = "2009-03-27", **kw: Any) -> Decision:
    b = transaction(base(), account_agency, on, **kw)
    return both(ACCOUNT, b.build(), transaction="GD")


@pytest.mark.clause("dieu-2/khoan-2")
def test_account_yes() -> None:
    d = check(account("STTTT"), YES, "standing-agency-account", K2)
    check(d, YES, "for-committee", K2)
    assert "12.500.000 đồng" in reason(d, "for-committee").explanation.vi
    assert "12,500,000 VND" in reason(d, "for-committee").explanation.en


@pytest.mark.clause("dieu-2/khoan-2")
@pytest.mark.parametrize("agency", ["VP", "SNV", "UBND-KG"])
def test_account_of_another_agency(agency: str) -> None:
    d = check(account(agency), NO, "other-agency-account", K2)
    assert decisive(d) == {"other-agency-account"}


@pytest.mark.clause("dieu-2/khoan-2")
def test_account_standing_agency_and_its_successor() -> None:
    check(account("STTTT", "2025-02-28"), YES)
    d = check(account("STTTT", "2025-03-01"), NO, "standing-agency-succeeded", K2)
    assert "Sở Khoa học và Công nghệ" in reason(d, "standing-agency-succeeded").explanation.en
    check(account("SKHCN-2025", "2025-03-01"), YES, "standing-agency-account")
    check(account("SKHCN-2025", "2025-02-28"), NO, "standing-agency-not-yet", K2)
    check(account("CU", "2010-12-31"), YES)
    check(account("CU", "2011-01-01"), NO, "standing-agency-ceased", K2)


@pytest.mark.clause("dieu-2/khoan-2", "qd/hieu-luc")
def test_account_not_applicable() -> None:
    check(account("STTTT", for_committee=False), NA, "not-for-committee", K2)
    check(account("VP", for_committee=False), NA, "not-for-committee")
    check(account("STTTT", "2008-06-22"), NA, "before-effect", EFFECT)


@pytest.mark.clause("dieu-2/khoan-2")
def test_account_example(example: Case) -> None:
    check(both(ACCOUNT, example, transaction="GD-2009-01"), YES, "standing-agency-account")
    d = check(both(ACCOUNT, example, transaction="GD-2009-02"), NO, "other-agency-account", K2)
    assert "Văn phòng" in reason(d, "other-agency-account").explanation.vi


@pytest.mark.clause("dieu-2/khoan-2")
@given(agency=st.sampled_from([a["id"] for a in AGENCIES]), on=_DAYS,
       for_committee=st.booleans(), amount=st.integers(0, 10**12))
def test_account_property(agency: str, on: dt.date, for_committee: bool, amount: int) -> None:
    """Giao dịch phục vụ Ban Chỉ đạo được thực hiện qua tài khoản khi và chỉ khi đó là tài khoản
    của cơ quan Thường trực (Sở TT&TT hoặc cơ quan kế thừa) đang tồn tại vào ngày giao dịch; số
    tiền không làm thay đổi kết luận; giao dịch không phục vụ Ban Chỉ đạo thì không áp dụng.

    A committee transaction may go through an account exactly when it is the standing agency's
    (the Sở TT&TT or its successor) in existence on the day; the amount never matters; a
    transaction not for the committee is not applicable.
    """
    d = account(agency, on.isoformat(), for_committee=for_committee, amount=amount)
    record = next(a for a in AGENCIES if a["id"] == agency)
    exists = record.get("start", "0000") <= on.isoformat() <= record.get("end", "9999")
    if not for_committee:
        assert d.outcome.value == NA
    else:
        right = record["kind"] == "standing_agency" and exists
        assert d.outcome.value == (YES if right else NO)


# =================================================================================================
# The example committee
# =================================================================================================


@pytest.fixture(scope="module")
def example() -> Case:
    return kgrules.load_example()

