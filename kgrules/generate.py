"""Cases of growing size for benchmarks: a 25-person committee's year, with as many expenditures
as asked, and meetings and reports to match.

The benchmark (:mod:`kgrules.bench`) needs cases that are realistic (every kind of record a
question reads, mostly lawful with a share of defects, so that every outcome occurs) and that
grow along one axis, the number of expenditures, while the rest grows slowly: one extraordinary
meeting per 250 expenditures (with 25 attendances each), one ad hoc report per 500. A case is
fully determined by its arguments (``seed`` fixes the random choices), so two runs of the
benchmark measure the same case.

>>> from kgrules.generate import committee_case
>>> case = committee_case(expenditures=100)
>>> len(case.expenditures), len({p.person for p in case.positions if p.role.value in (
...     "head", "standing_deputy", "deputy", "member")})
(100, 25)

Cases are JSON-shaped dicts first (:func:`committee_year`), so that loading them is measured as
a user would load a file (``Case.from_json``).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any, Final

from kgrules.case import Case
from kgrules.facts import (
    Act,
    ActionKind,
    AgencyKind,
    AssignmentKind,
    BudgetLine,
    OfficeKind,
    SpendingCategory,
    SpendingPurpose,
)

__all__ = ["COMMITTEE_SIZE", "SIZES", "committee_case", "committee_json", "committee_year"]

COMMITTEE_SIZE: Final = 25
"""The Head, the Standing Deputy, the Deputy and 22 Members."""
SIZES: Final = (100, 1_000, 10_000, 100_000)
"""The numbers of expenditures the benchmark measures at."""
MEETINGS_PER_EXPENDITURE: Final = 1 / 250
ADHOC_REPORTS_PER_EXPENDITURE: Final = 1 / 500

_SURNAMES: Final = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
                    "Ngô", "Dương", "Lâm", "Châu", "Trương")
_MIDDLE: Final = ("Văn", "Thị", "Minh", "Quốc", "Thanh", "Hoàng", "Công", "Ngọc")
_GIVEN: Final = ("Hòa", "Đức", "Lan", "Bảo", "Mai", "Tâm", "Sơn", "Hạnh", "Lý", "Phúc", "Nghĩa",
                 "Thu", "Khang", "Thịnh", "An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khoa",
                 "Long", "Nam", "Phong", "Quân", "Tài", "Uyên", "Vy")
_DEPARTMENTS: Final = (
    "Sở Nội vụ", "Sở Kế hoạch và Đầu tư", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Công Thương",
    "Sở Tư pháp", "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Tài nguyên và Môi trường", "Sở Giao thông vận tải", "Sở Xây dựng",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Lao động - Thương binh và Xã hội",
    "Thanh tra tỉnh", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Đài Phát thanh và Truyền hình",
    "Báo Kiên Giang", "UBND thành phố Rạch Giá", "UBND huyện Châu Thành", "Viễn thông Kiên Giang",
    "Bưu điện tỉnh", "Cục Thống kê tỉnh",
)
_CATEGORY_WEIGHTS: Final = {
    SpendingCategory.MEETINGS: 30, SpendingCategory.DOCUMENTS: 20, SpendingCategory.TRAVEL: 15,
    SpendingCategory.EXPERTS: 5, SpendingCategory.SURVEY: 4, SpendingCategory.RESEARCH_REPORT: 4,
    SpendingCategory.IT_APPLICATION: 8, SpendingCategory.ALLOWANCES: 10,
    SpendingCategory.EQUIPMENT: 2, SpendingCategory.ENTERTAINMENT: 1, SpendingCategory.OTHER: 1,
}


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _weekday(day: dt.date, rng: random.Random) -> dt.date:
    """The day, or the nearest Monday–Friday around it (a committee rarely meets at weekends)."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=rng.choice((-1, 1)) if day.weekday() == 5 else 1)
    return day


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}"


class _Year:
    """Collects the records of one generated year."""

    def __init__(self, year: int, expenditures: int, seed: int) -> None:
        self.year = year
        self.size = expenditures
        self.rng = random.Random(f"kgrules.generate/{year}/{expenditures}/{seed}")
        self.data: dict[str, Any] = {
            "name": f"Ban Chỉ đạo CNTT — năm {year}, {expenditures} khoản chi (sinh tự động)",
            "description": (
                "Hồ sơ sinh tự động cho đo hiệu năng (kgrules.generate): không phải hồ sơ thật. / "
                "Generated for benchmarks (kgrules.generate): not a real case."
            ),
            "records_complete": [
                "absence_reports", "consents", "attendances", "authorisations", "reports",
                "dispatches", "consultations", "invitations", "meetings", "positions",
                "estimates", "expenditures", "settlements",
            ],
        }

    def add(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        self.data.setdefault(kind, []).append(record)
        return record

    def day(self, month: int, dom: int) -> dt.date:
        return dt.date(self.year, month, dom)

    # -- organisation ---------------------------------------------------------------------------

    def organisation(self) -> None:
        y, rng = self.year, self.rng
        since = _iso(dt.date(y - 1, 6, 20))
        for aid, name, kind in (
            ("UBND-KG", "Ủy ban nhân dân tỉnh Kiên Giang", AgencyKind.PPC),
            ("VP-UBND", "Văn phòng UBND tỉnh", AgencyKind.PPC_OFFICE),
            ("STTTT", "Sở Thông tin và Truyền thông", AgencyKind.STANDING_AGENCY),
            ("STC", "Sở Tài chính", AgencyKind.FINANCE),
        ):
            self.add("agencies", {"id": aid, "name": name, "kind": kind.value})
        for n, name in enumerate(_DEPARTMENTS, start=1):
            kind = AgencyKind.DISTRICT if name.startswith("UBND") else AgencyKind.DEPARTMENT
            self.add("agencies", {"id": f"D{n:02d}", "name": name, "kind": kind.value})

        def person(pid: str, office: str, agency: str, payroll: bool | None = None) -> None:
            self.add("people", {"id": pid, "name": _name(rng), "office": office,
                                "agency": agency, "on_dic_payroll": payroll})

        person("P00", "Chủ tịch UBND tỉnh", "UBND tỉnh Kiên Giang", False)
        self.add("offices", {"id": "CV-P00", "person": "P00", "kind": OfficeKind.PPC_CHAIRMAN.value,
                             "agency": "UBND-KG", "start": since})
        person("P01", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh Kiên Giang", False)
        self.add("offices", {"id": "CV-P01", "person": "P01",
                             "kind": OfficeKind.PPC_VICE_CHAIRMAN.value, "agency": "UBND-KG",
                             "start": since})
        person("P02", "Giám đốc Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông", True)
        self.add("offices", {"id": "CV-P02", "person": "P02", "kind": OfficeKind.AGENCY_HEAD.value,
                             "agency": "STTTT", "start": since})
        roles = {"P01": "head", "P02": "standing_deputy", "P03": "deputy"}
        for n in range(3, COMMITTEE_SIZE + 1):
            pid = f"P{n:02d}"
            dept = f"D{n - 2:02d}"
            head = n == 3
            title = "Giám đốc" if head else "Phó Giám đốc"
            person(pid, f"{title} {_DEPARTMENTS[n - 3]}", _DEPARTMENTS[n - 3], False)
            office = OfficeKind.AGENCY_HEAD if head else OfficeKind.AGENCY_DEPUTY_HEAD
            self.add("offices", {"id": f"CV-{pid}", "person": pid, "kind": office.value,
                                 "agency": dept, "start": since})
            roles.setdefault(pid, "member")
            sub = f"S{n:02d}"
            person(sub, f"Chuyên viên {_DEPARTMENTS[n - 3]}", _DEPARTMENTS[n - 3], False)
            self.add("offices", {"id": f"CV-{sub}", "person": sub, "kind": OfficeKind.STAFF.value,
                                 "agency": dept, "start": since})
        for pid, role in roles.items():
            self.add("positions", {"id": f"POS-{pid}", "person": pid, "role": role,
                                   "start": since})
        person("X01", "Chuyên gia tư vấn", "Viện Công nghệ thông tin", None)
        person("G01", "Giám đốc Sở Nội vụ", "Sở Nội vụ", False)
        # The helper team (Tổ giúp việc): a leader and three members, one from outside the Sở.
        for n, role in enumerate(("helper_leader", "helper_member", "helper_member",
                                  "helper_member"), start=1):
            hid = f"H{n:02d}"
            outside = n == 4
            person(hid, "Chuyên viên", "Sở Nội vụ" if outside else "Sở Thông tin và Truyền thông",
                   not outside)
            self.add("positions", {"id": f"POS-{hid}", "person": hid, "role": role,
                                   "start": since})
            self.add("helper_appointments", {
                "id": f"TGV-{hid}", "person": hid, "role": role, "decided_by": "P02",
                "decided_on": since, "part_time": True, "decision_ref": "01/QĐ-BCĐ"})
        self.add("nominations", {"id": "CU-H04", "person": "H04", "agency": "D01",
                                 "nominated_by": "G01", "decided_on": _iso(dt.date(y - 1, 6, 18))})
        self.add("authorisations", {
            "id": f"UQ-{y}-01", "grantor": "P01", "grantee": "P02",
            "acts": [Act.CONSENT_SUBSTITUTE.value, Act.CONVENE_MEETING.value,
                     Act.INVITE_ATTENDEES.value, Act.REQUEST_ADHOC_REPORT.value],
            "valid_from": _iso(self.day(1, 1)), "valid_to": _iso(self.day(12, 31)),
            "signed_on": _iso(dt.date(y - 1, 12, 29))})
        for n in range(4, COMMITTEE_SIZE + 1):
            self.add("assignments", {
                "id": f"PC-P{n:02d}", "kind": AssignmentKind.MEMBER_DUTY.value,
                "assigned_by": "P01", "assignee": f"P{n:02d}",
                "assigned_on": _iso(self.day(1, 15)), "field": _DEPARTMENTS[n - 3]})
        self.add("assignments", {"id": "PC-H02", "kind": AssignmentKind.HELPER_TASK.value,
                                 "assigned_by": "H01", "assignee": "H02",
                                 "assigned_on": _iso(self.day(2, 2))})
        for n, (action, actor) in enumerate(
            ((ActionKind.BUILD_PLANS, "P01"), (ActionKind.DIRECT_AND_INSPECT, "P02"),
             (ActionKind.MONITOR_AND_REPORT, "P02"), (ActionKind.EVALUATE, "P01"),
             (ActionKind.APPROVE_ESTIMATE, "P01")), start=1):
            self.add("actions", {"id": f"HD-{n:02d}", "kind": action.value,
                                 "date": _iso(self.day(n + 1, 10)), "actor": actor})
        for n, (signer, capacity, seal, agency) in enumerate(
            (("P01", "head", "ppc", "UBND-KG"), ("P02", "standing_office", "standing_agency",
                                                 "STTTT"),
             ("P02", "head", "standing_agency", "STTTT"), ("P03", "member", "none", None)),
            start=1):
            self.add("documents", {"id": f"VB-{y}-{n:02d}", "signed_by": signer,
                                   "capacity": capacity, "seal": seal, "seal_agency": agency,
                                   "signed_on": _iso(self.day(n * 2, 5))})
        for n, (account, decider) in enumerate((("STTTT", "P02"), ("VP-UBND", "P03")), start=1):
            self.add("transactions", {"id": f"GD-{y}-{n:02d}", "date": _iso(self.day(n * 3, 27)),
                                      "account_agency": account, "amount": 12_500_000,
                                      "for_committee": True, "decided_by": decider})

    # -- meetings -------------------------------------------------------------------------------

    def meeting(self, mid: str, kind: str, day: dt.date, quarter: int | None) -> None:
        rng = self.rng
        record: dict[str, Any] = {"id": mid, "kind": kind, "date": _iso(day),
                                  "convened_by": "P01" if rng.random() < 0.8 else "P02",
                                  "convened_on": _iso(day - dt.timedelta(days=10)),
                                  "has_documents": True, "held": True}
        if quarter is not None:
            record["quarter"] = f"{self.year}-Q{quarter}"
        else:
            record["proposed_by"] = "P02" if rng.random() < 0.9 else "P05"
            record["proposed_on"] = _iso(day - dt.timedelta(days=rng.randint(3, 15)))
        self.add("meetings", record)
        for n in range(1, COMMITTEE_SIZE + 1):
            pid = f"P{n:02d}"
            roll = rng.random()
            if n == 1 or roll < 0.8:
                self.add("attendances", {"meeting": mid, "person": pid, "mode": "in_person"})
                continue
            reported = day - dt.timedelta(days=rng.randint(-1, 4))  # one in six after the day
            self.add("absence_reports", {"meeting": mid, "member": pid,
                                         "reported_on": _iso(reported), "reported_to": "P02"})
            if roll < 0.95:
                sub = f"S{n:02d}" if n >= 3 else f"S{rng.randint(4, COMMITTEE_SIZE):02d}"
                given = day - dt.timedelta(days=rng.randint(-1, 3))
                self.add("consents", {"meeting": mid, "member": pid, "substitute": sub,
                                      "given_by": "P01" if rng.random() < 0.6 else "P02",
                                      "given_on": _iso(given)})
                self.add("attendances", {"meeting": mid, "person": sub, "mode": "substitute",
                                         "on_behalf_of": pid})
        if quarter is not None:
            sent = day - dt.timedelta(days=rng.choice((2, 4, 5, 6, 7, 8)))
            self.add("dispatches", {"meeting": mid, "sent_on": _iso(sent), "sent_by": "H01"})
            self.add("invitations", {"meeting": mid, "invitee": "X01", "decided_by": "P01",
                                     "decided_on": _iso(day - dt.timedelta(days=10))})

    def meetings(self) -> None:
        rng = self.rng
        for q in range(1, 5):
            month = 3 * q
            dom = rng.choice((20, 22, 24, 25, 26, 27, 28, 29, 30, 18, 31 if q in (1, 4) else 30))
            self.meeting(f"H{self.year}-Q{q}", "regular", _weekday(self.day(month, dom), rng), q)
        extra = max(1, round(self.size * MEETINGS_PER_EXPENDITURE))
        for n in range(1, extra + 1):
            day = _weekday(self.day(1, 10) + dt.timedelta(days=rng.randint(0, 340)), rng)
            self.meeting(f"BT{self.year}-{n:04d}", "extraordinary", day, None)

    # -- reports --------------------------------------------------------------------------------

    def reports(self) -> None:
        rng = self.rng
        for q in range(1, 5):
            due = self.day(3 * q, 15)
            for n in range(2, COMMITTEE_SIZE + 1):
                pid = f"P{n:02d}"
                if rng.random() < 0.03:
                    continue  # never sent
                received = due - dt.timedelta(days=rng.randint(-3, 12))
                self.add("reports", {"id": f"BC-{self.year}-Q{q}-{pid}", "member": pid,
                                     "kind": "quarterly", "quarter": f"{self.year}-Q{q}",
                                     "received_on": _iso(received), "received_by": "H01"})
        adhoc = max(1, round(self.size * ADHOC_REPORTS_PER_EXPENDITURE))
        for n in range(1, adhoc + 1):
            day = self.day(1, 5) + dt.timedelta(days=rng.randint(0, 350))
            self.add("reports", {"id": f"BCDX-{self.year}-{n:04d}",
                                 "member": f"P{rng.randint(3, COMMITTEE_SIZE):02d}",
                                 "kind": "adhoc", "received_on": _iso(day), "received_by": "H01",
                                 "requested_by": rng.choice(("P01", "P01", "P02", "P04"))})
        q4 = f"{self.year}-Q4"
        self.add("consultations", {
            "id": f"YK-{q4}", "quarter": q4, "requested_by": "P01",
            "requested_on": _iso(self.day(12, 18)), "reason": "Không bố trí được phiên họp",
            "addressees": [f"P{n:02d}" for n in range(2, COMMITTEE_SIZE + 1)],
            "decided_by": "P01", "decided_on": _iso(self.day(12, 29))})

    # -- money ----------------------------------------------------------------------------------

    def money(self) -> None:
        y, rng = self.year, self.rng
        categories = list(_CATEGORY_WEIGHTS)
        weights = list(_CATEGORY_WEIGHTS.values())
        start = self.day(1, 1)
        total = 0
        spending = []
        for n in range(1, self.size + 1):
            amount = rng.randint(5, 200) * 100_000
            total += amount
            roll = rng.random()
            record: dict[str, Any] = {
                "id": f"CHI-{y}-{n:06d}",
                "estimate": f"DT-{y}" if roll < 0.98 else None,
                "amount": amount,
                "date": _iso(start + dt.timedelta(days=rng.randint(0, 364))),
                "decided_by": "P02" if roll < 0.95 else rng.choice(("P03", "P01", None)),
                "budget_line": (BudgetLine.DIC_OPERATIONAL if rng.random() < 0.97
                                else BudgetLine.OTHER).value,
                "purpose": rng.choices(list(SpendingPurpose), weights=(70, 28, 2))[0].value,
                "category": rng.choices(categories, weights=weights)[0].value,
            }
            spending.append(record)
        self.data["expenditures"] = spending
        # The estimate covers all but the last few percent of the year: late spending is "no".
        self.add("estimates", {
            "id": f"DT-{y}", "year": y, "amount": max(1, total * 97 // 100),
            "prepared_by": "P02", "prepared_on": _iso(dt.date(y - 1, 11, 20)),
            "appraised_by": "STC", "appraised_on": _iso(dt.date(y - 1, 12, 10)),
            "approved_by": "UBND-KG", "approved_on": _iso(dt.date(y - 1, 12, 25)),
            "dic_ceiling": max(1, total * 3)})
        self.add("spending_limits", {"id": "DM-01", "category": "research_report",
                                     "per_item": 15_000_000, "source": "Định mức giả định"})
        self.add("spending_limits", {"id": "DM-02", "category": "experts",
                                     "per_item": 18_000_000, "per_year": 50_000_000 * max(
                                         1, self.size // 100), "source": "Định mức giả định"})
        self.add("settlements", {"id": f"QT-{y}", "year": y, "settled_by": "P02",
                                 "settled_with": "STC", "settled_on": _iso(dt.date(y + 1, 3, 15))})


def committee_year(expenditures: int = 1_000, *, year: int = 2009, seed: int = 0) -> dict[str, Any]:
    """A committee's year as JSON-shaped data: 25 committee members (and a substitute for each
    Member), a helper team, four regular meetings and one extraordinary meeting per 250
    expenditures, attendances, absences, consents, quarterly and ad hoc reports, documents
    sent, and ``expenditures`` payments against the year's approved estimate."""
    if isinstance(expenditures, bool) or not isinstance(expenditures, int) or expenditures < 0:
        raise ValueError(f"expenditures must be a whole number, not {expenditures!r}")
    if not 2009 <= year <= 2099:
        raise ValueError(f"year must be 2009..2099, not {year!r}")
    gen = _Year(year, expenditures, seed)
    gen.organisation()
    gen.meetings()
    gen.reports()
    gen.money()
    return gen.data


def committee_json(expenditures: int = 1_000, *, year: int = 2009, seed: int = 0) -> str:
    """:func:`committee_year` as compact JSON text, as a file would hold it (100,000
    expenditures make about 18 MB, under the 20 MB a case document may take)."""
    return json.dumps(committee_year(expenditures, year=year, seed=seed), ensure_ascii=False,
                      separators=(",", ":"))


def committee_case(expenditures: int = 1_000, *, year: int = 2009, seed: int = 0) -> Case:
    """:func:`committee_year` loaded as a :class:`~kgrules.case.Case`."""
    return Case.from_json(committee_json(expenditures, year=year, seed=seed))
