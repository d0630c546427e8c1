"""The living specification of the powers and duties of Điều 6, 7 and 8 that the rules encode.

Each property states one rule of the text (Vietnamese, then English) and checks the answers of
``authority.may_act`` and ``dieu4.accountable_to`` on generated committees against that
statement, written independently over the case's positions.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kgrules import ask
from kgrules.case import Case
from kgrules.decision import Outcome
from kgrules.facts import Role
from kgrules.params import in_force
from kgrules.testing import committee_cases


def holders(case: Case, role: Role, day: dt.date) -> list[str]:
    return sorted({ix.record.person for ix in case.holders(role, day)})


def roles_of(case: Case, person: str, day: dt.date) -> set[Role]:
    return {p.role for _, p in case.positions_of(person)
            if p.start <= day and (p.end is None or day <= p.end)}


def a_day(case: Case) -> st.SearchStrategy[dt.date]:
    days = sorted({p.start for p in case.positions} | {m.date for m in case.meetings})
    return st.sampled_from([d for d in days if in_force(d)] or [dt.date(2009, 6, 1)])


@pytest.mark.clause("dieu-6/khoan-2")
@given(data=st.data(), case=committee_cases())
def test_standing_deputy_inspects_members(data: st.DataObject, case: Case) -> None:
    """Phó Trưởng ban Thường trực thay mặt Trưởng ban kiểm tra, đôn đốc các Thành viên (khoản 2
    Điều 6): người giữ vị trí này vào một ngày luôn được làm việc đó vào ngày ấy, không cần ủy
    quyền; một Thành viên thường thì không.

    The Standing Deputy inspects and urges the members on the Head's behalf (Article 6(2)):
    whoever holds that position on a day may always do so that day, with no authorisation; an
    ordinary Member may not.
    """
    day = data.draw(a_day(case))
    for person in holders(case, Role.STANDING_DEPUTY, day):
        d = ask("authority.may_act", case, person=person, act="inspect_members", date=day)
        assert d.outcome == Outcome.YES
    members = [p for p in holders(case, Role.MEMBER, day)
               if roles_of(case, p, day) == {Role.MEMBER}]
    assume(members)
    m = data.draw(st.sampled_from(members))
    d = ask("authority.may_act", case, person=m, act="inspect_members", date=day)
    assert d.outcome != Outcome.YES


@pytest.mark.clause("dieu-6/khoan-4", "dieu-9/khoan-1")
@given(data=st.data(), case=committee_cases())
def test_only_the_standing_deputy_directs_the_helper_team(data: st.DataObject, case: Case) -> None:
    """Phó Trưởng ban Thường trực chỉ đạo trực tiếp Tổ giúp việc (khoản 4 Điều 6, khoản 1 Điều 9):
    ai được chỉ đạo Tổ giúp việc vào một ngày thì là Phó Trưởng ban Thường trực vào ngày ấy, và
    Phó Trưởng ban Thường trực luôn được làm việc đó.

    The Standing Deputy directs the helper team (Article 6(4), Article 9(1)): whoever may direct
    the team on a day is the Standing Deputy that day, and the Standing Deputy always may.
    """
    day = data.draw(a_day(case))
    person = data.draw(st.sampled_from([p.id for p in case.people]))
    d = ask("authority.may_act", case, person=person, act="direct_helper_team", date=day)
    if d.outcome == Outcome.YES:
        assert Role.STANDING_DEPUTY in roles_of(case, person, day)
    if Role.STANDING_DEPUTY in roles_of(case, person, day):
        assert d.outcome == Outcome.YES


@pytest.mark.clause("dieu-7/khoan-1", "dieu-6/khoan-1")
@given(data=st.data(), case=committee_cases())
def test_deputy_heads_answer_to_the_head(data: st.DataObject, case: Case) -> None:
    """Phó Trưởng ban (khoản 1 Điều 7) và Phó Trưởng ban Thường trực (khoản 1 Điều 6) chịu trách
    nhiệm trước Trưởng ban về những công việc được phân công: với bất kỳ ngày nào mà cả hai cùng
    giữ vị trí, câu trả lời là CÓ.

    The Deputy Head (Article 7(1)) and the Standing Deputy (Article 6(1)) answer to the Head for
    the work assigned to them: on any day both hold their positions, the answer is yes.
    """
    day = data.draw(a_day(case))
    heads = holders(case, Role.HEAD, day)
    deputies = holders(case, Role.DEPUTY, day) + holders(case, Role.STANDING_DEPUTY, day)
    assume(heads and deputies)
    head, deputy = data.draw(st.sampled_from(heads)), data.draw(st.sampled_from(deputies))
    assume(head != deputy)
    d = ask("dieu4.accountable_to", case, person=deputy, superior=head, date=day)
    assert d.outcome == Outcome.YES


@pytest.mark.clause("dieu-7/khoan-2")
@given(data=st.data(), case=committee_cases())
def test_deputy_inspects_jointly(data: st.DataObject, case: Case) -> None:
    """Phó Trưởng ban phối hợp với Thường trực Ban kiểm tra, đôn đốc các Thành viên (khoản 2
    Điều 7): người giữ vị trí Phó Trưởng ban vào một ngày được tham gia việc đó vào ngày ấy.

    The Deputy Head inspects and urges the members jointly with the Standing office (Article
    7(2)): whoever is the Deputy Head on a day may take part in it that day.
    """
    day = data.draw(a_day(case))
    deputies = holders(case, Role.DEPUTY, day)
    assume(deputies)
    d = ask("authority.may_act", case, person=data.draw(st.sampled_from(deputies)),
            act="inspect_members", date=day)
    assert d.outcome == Outcome.YES


@pytest.mark.clause("dieu-8/khoan-1", "dieu-4/khoan-2")
@given(data=st.data(), case=committee_cases())
def test_members_answer_to_the_head(data: st.DataObject, case: Case) -> None:
    """Thành viên thực hiện nhiệm vụ do Trưởng ban phân công và chịu trách nhiệm trước Trưởng ban
    (khoản 1 Điều 8, khoản 2 Điều 4): với bất kỳ ngày nào mà cả hai cùng giữ vị trí, CÓ; còn
    Trưởng ban thì không chịu trách nhiệm trước một Thành viên.

    A Member carries out the tasks the Head assigns and answers to the Head (Article 8(1),
    Article 4(2)): on any day both hold their positions, yes; the Head never answers to a Member.
    """
    day = data.draw(a_day(case))
    heads, members = holders(case, Role.HEAD, day), holders(case, Role.MEMBER, day)
    assume(heads and members)
    head, member = data.draw(st.sampled_from(heads)), data.draw(st.sampled_from(members))
    assume(head != member and Role.HEAD not in roles_of(case, member, day))
    assert ask("dieu4.accountable_to", case, person=member, superior=head,
               date=day).outcome == Outcome.YES
    assert ask("dieu4.accountable_to", case, person=head, superior=member,
               date=day).outcome != Outcome.YES


@pytest.mark.clause("dieu-8/khoan-4", "dieu-11/doan-1")
@given(data=st.data(), case=committee_cases())
def test_members_report(data: st.DataObject, case: Case) -> None:
    """Thành viên thực hiện chế độ báo cáo theo quy định (khoản 4 Điều 8): người chỉ giữ vị trí
    Thành viên vào hạn báo cáo của một quý thì thuộc diện phải gửi báo cáo quý (câu hỏi
    dieu11.report_on_time không bao giờ trả lời KHÔNG ÁP DỤNG cho họ).

    Members report as the rules require (Article 8(4)): whoever is only a Member on a quarter's
    report deadline must send that quarter's report (dieu11.report_on_time never answers not
    applicable for them).
    """
    year = data.draw(st.sampled_from(sorted({m.date.year for m in case.meetings} or {2009})))
    quarter = data.draw(st.integers(1, 4))
    deadline = dt.date(year, quarter * 3, 15)
    assume(in_force(deadline))
    members = [p for p in holders(case, Role.MEMBER, deadline)
               if roles_of(case, p, deadline) == {Role.MEMBER}]
    assume(members)
    d = ask("dieu11.report_on_time", case, member=data.draw(st.sampled_from(members)),
            quarter=f"{year}-Q{quarter}")
    assert d.outcome != Outcome.NOT_APPLICABLE
