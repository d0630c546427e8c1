"""A year's audit: every obligation of the regulation checked over a year of records.

``audit(case, year)`` asks the questions of the catalogue about every record of that year they
apply to, quarter by quarter: the quarter's meeting in its window or a valid written
consultation; meeting documents on time; each member's report on time; attendance and
substitutes; extraordinary meetings; spending authorised and within the estimate; and the other
checkable duties (seals, accounts, powers, the helper team, amendments).

The audit decides nothing itself: each finding *is* a decision of the catalogue, asked with the
arguments the audit enumerated, and keeps it whole (reasons, clauses, facts). What the audit adds
is the enumeration (which records a question applies to in a year), the grouping (obligation ×
quarter), totals, and a timeline.

Each rule module declares, beside its questions, what the audit asks of them (``AUDIT``, see
:mod:`kgrules.obligations`): the obligation a question's findings count under, how its arguments
are enumerated over a year (e.g. a report is due from each member holding a position on the
quarter's deadline day), its lane on the timeline, or that it is a look-up and not audited. A
question declared nowhere is enumerated from its arguments alone (one record of the case, a
quarter, a year or a meeting day), so a new question is audited the day it lands, with no edit
here. A question the audit cannot enumerate is listed as not audited, with the reason, never
silently dropped.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

from kgrules.audit_report import (
    GROUPS,
    LANES,
    AuditError,
    AuditReport,
    Finding,
    NotAudited,
    TimelineEvent,
    switches_in,
)
from kgrules.batch import RUN, Request, ask_built
from kgrules.calendar import WorkingCalendar
from kgrules.case import Case
from kgrules.catalogue import ask_each, calendar_for, shared_dependencies
from kgrules.dsl import Question
from kgrules.engine import default_engine
from kgrules.errors import ArgumentError, InputError, KgrulesError
from kgrules.facts import MeetingKind
from kgrules.gcpause import paused_batch
from kgrules.html import record_summary
from kgrules.i18n import Text
from kgrules.interpretations import Settings
from kgrules.interpretations import settings as make_settings
from kgrules.obligations import (
    AuditContext,
    Audited,
    Checks,
    Lookup,
    date_text,
    generic_checks,
    record_period,
)
from kgrules.registry import RULE_MODULES, audit_declarations
from kgrules.registry import questions as catalogue

__all__ = ["GROUPS", "AuditError", "AuditReport", "Finding", "NotAudited", "TimelineEvent", "audit",
           "switches_in"]

#: A question with no declaration in its rule module: enumerated from its arguments alone.
_UNDECLARED = Audited("organisation")
#: The report's older name for the enumeration context (kept for callers that built one).
_Context = AuditContext
#: ``workers="auto"`` starts worker processes only for an audit of at least this many
#: findings: starting them costs about a second, a finding about a millisecond.
AUTO_WORKERS_FROM = 5_000


def group_of(question_id: str) -> str:
    """The obligation a question's findings are counted under (its rule module's declaration)."""
    declared = audit_declarations().get(question_id)
    return declared.group if isinstance(declared, Audited) else _UNDECLARED.group


def plan(questions: Iterable[Question]) -> tuple[list[tuple[Question, Checks]], list[NotAudited]]:
    """Which questions the audit asks (and how it enumerates them), and which it does not."""
    declared = audit_declarations()
    asked: list[tuple[Question, Checks]] = []
    skipped: list[NotAudited] = []
    for q in questions:
        how = declared.get(q.id, _UNDECLARED)
        if isinstance(how, Lookup):
            skipped.append(NotAudited(q.id, q.title, how.reason))
            continue
        checks = how.checks or generic_checks(q)
        if checks is None:
            kinds = ", ".join(f"{a.name} ({a.kind})" for a in q.arguments)
            skipped.append(NotAudited(q.id, q.title, Text(
                f"Chưa có cách liệt kê tự động các tham số ({kinds}) cho một năm.",
                f"No automatic enumeration of its arguments ({kinds}) over a year.",
            )))
            continue
        asked.append((q, checks))
    # The order of the report (and so the finding ids) must not depend on the order in which
    # rule modules happened to be imported: obligation, then article, then declaration order.
    # Within a module the catalogue holds questions in declaration order, whatever the import
    # order of the modules.
    order = {g: n for n, g in enumerate(GROUPS)}
    modules = {m: n for n, m in enumerate(RULE_MODULES)}
    registry = {q.id: n for n, q in enumerate(catalogue())}
    given = {q.id: n for n, (q, _) in enumerate(asked)}
    asked.sort(key=lambda pair: (order[group_of(pair[0].id)], modules.get(pair[0].module, 99),
                                 registry.get(pair[0].id, len(registry)), given[pair[0].id]))
    skipped.sort(key=lambda n: n.question)
    return asked, skipped


# ------------------------------------------------------------------------------- audit


def default_year(case: Case) -> int:
    """The latest year the case's meetings count for; else the latest year of any dated
    record; brought within the years an audit covers (2008–2100), so that a request the
    service's schema accepts (records dated 2000, no year) is answered, not refused."""
    years = [ix.record.for_quarter[0] for ix in case.records("meetings")]
    if not years:
        for kind in ("reports", "expenditures", "estimates", "documents", "actions"):
            for ix in case.records(kind):
                period = record_period(ix.record)
                if period is not None:
                    years.append(period[0])
    if not years:
        raise InputError("year", "the case has no dated record: give the year to audit")
    return min(max(max(years), 2008), 2100)


def audit(
    case: Case,
    year: int | None = None,
    *,
    interpretations: Mapping[str, str] | Settings | None = None,
    calendar: WorkingCalendar | None = None,
    engine: Any = None,
    today: dt.date | None = None,
    workers: int | Literal["auto"] | None = None,
) -> AuditReport:
    """Check every obligation of the regulation over ``year`` (default: the case's latest).

    Each finding is a decision of the catalogue; ``interpretations`` chooses readings for all of
    them, ``engine`` may be :class:`kgrules.oracle.OracleEngine`. Nothing is written: the
    decision record is appended by the caller (:func:`kgrules.library.audit`).

    ``workers=n`` answers the findings in ``n`` processes, this one and ``n - 1`` workers
    (:func:`kgrules.ask_many`: the same decisions, in the same order; a script needs
    ``spawn``'s ``__main__`` guard);
    ``"auto"`` uses them only for a large audit (:data:`AUTO_WORKERS_FROM` findings) and only
    as many as there are idle cores; ``None`` (the default) answers in this process.
    """
    if year is None:
        year = default_year(case)
    if isinstance(year, bool) or not isinstance(year, int) or not 2008 <= year <= 2100:
        raise InputError("year", f"must be a year from 2008 to 2100, not {year!r}")
    chosen = make_settings(interpretations)
    cal = calendar if calendar is not None else calendar_for(case)
    runner = engine if engine is not None else default_engine()
    with paused_batch():  # thousands of long-lived findings: not walked meanwhile, nor after
        return _audit(case, year, chosen, calendar, cal, runner, today, workers)


def _audit(case: Case, year: int, chosen: Settings, calendar: WorkingCalendar | None,
           cal: WorkingCalendar, runner: Any, today: dt.date | None,
           workers: int | Literal["auto"] | None) -> AuditReport:
    """:func:`audit`, its inputs checked."""
    schedule = cal.year_schedule(year)
    ctx = AuditContext(case, year, tuple(w.quarter for w in schedule.windows), cal)

    asked, skipped = plan(catalogue())
    todo: list[tuple[str, Question, Mapping[str, Any], Any]] = []
    for q, how in asked:
        checks = sorted(how(ctx), key=lambda c: (c.quarter or 5, c.day or dt.date.max))
        for check in checks:
            todo.append((f"F{len(todo) + 1:03d}", q, dict(check.arguments), check))
    processes = _workers(workers, len(todo))
    findings: list[Finding] = []
    errors: list[AuditError] = []
    groups = {q.id: group_of(q.id) for q, _ in asked}  # once per question, not per finding
    for (fid, q, _arguments, check), answer in zip(
        todo, _answers(case, todo, chosen, calendar, cal, runner, processes), strict=True
    ):
        if isinstance(answer, KgrulesError):
            errors.append(AuditError(fid, q.id, dict(check.arguments), type(answer).__name__,
                                     str(answer)))
            continue
        findings.append(Finding(fid, groups[q.id], check.quarter, check.day, check.subject,
                                answer))
    timeline = _timeline(ctx, findings, chosen)
    return AuditReport(
        case.name, year, tuple(findings), tuple(errors), tuple(skipped), tuple(timeline),
        ctx.quarters, chosen, cal.name, runner.name, today or dt.date.today(),
        RecordSummaries(case, tuple(findings)), tuple(q.id for q, _ in asked),
    )


class RecordSummaries(Mapping[str, Text]):
    """The report's ``records``: each record a finding relied on (its path in the case),
    summarised in both languages, in the order the findings first name it. Worked out when
    first read (only the HTML report reads it): two summaries of each of the ~11,600 records a
    10,000-expenditure audit names cost 6 % of the audit, for a page most audits never render.
    Thread-safe (worked out once, under a lock); pickled and copied as the plain dict."""

    def __init__(self, case: Case, findings: tuple[Finding, ...]) -> None:
        self._case: Case | None = case
        self._findings = findings
        self._lock = threading.Lock()
        self._done: dict[str, Text] | None = None

    def _records(self) -> dict[str, Text]:
        done = self._done
        if done is not None:
            return done
        with self._lock:
            if self._done is None:
                case = self._case
                assert case is not None
                records: dict[str, Text] = {}
                for f in self._findings:
                    for reason in f.decision.reasons:
                        for path in reason.facts:
                            if path not in records:
                                vi = record_summary(case, path, "vi")
                                en = record_summary(case, path, "en")
                                if vi is not None and en is not None:
                                    records[path] = Text(vi, en)
                self._done, self._case, self._findings = records, None, ()
            return self._done

    def __getitem__(self, path: str) -> Text:
        return self._records()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._records())

    def __len__(self) -> int:
        return len(self._records())

    def __eq__(self, other: object) -> bool:
        return self._records() == other

    def __repr__(self) -> str:
        return repr(self._records())

    def __reduce__(self) -> tuple[Any, ...]:
        return dict, (self._records(),)


def _workers(workers: int | Literal["auto"] | None, findings: int) -> int:
    """How many worker processes to answer ``findings`` questions in (0 or 1: none)."""
    if workers is None:
        return 0
    if workers == "auto":
        if findings < AUTO_WORKERS_FROM:
            return 0
        return _idle_cores()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ArgumentError("workers", f"is a number of processes or 'auto', not {workers!r}")
    return workers


def _idle_cores() -> int:
    """Processes worth answering in now, this one included: the cores it may run on (its affinity,
    not the machine's count: a container or ``taskset`` gives fewer) less the load of the last
    minute; none unless at least two are idle (this process answers a share itself, so a
    single process is the serial audit)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
    busy = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    idle = int(cores - busy + 0.5)  # this process's own core counts as idle: it answers too
    return idle if idle > 1 else 0


def _answers(
    case: Case,
    todo: list[tuple[str, Question, Mapping[str, Any], Any]],
    chosen: Settings,
    calendar: WorkingCalendar | None,
    cal: WorkingCalendar,
    runner: Any,
    processes: int,
) -> list[Any]:
    """Each finding's decision (or the error asking it raised), in order; in worker processes
    when ``processes`` > 1. An error is asked again here, so its message is the one ``ask``
    gives (a batch prefixes its path with the request's place). The findings share their
    dependencies' answers (:func:`kgrules.catalogue.shared_dependencies`): hundreds of
    expenditures decided by one person on one day ask ``authority.may_act`` once."""
    answers: list[Any] = [None] * len(todo)
    if processes > 1:
        # Requests built here, so not checked for their shape again (ask_built); their
        # arguments are, as ask checks them.
        answers = ask_built(case, [Request(q.id, arguments) for _, q, arguments, _ in todo],
                            interpretations=chosen, calendar=calendar, engine=runner,
                            workers=processes)
    out: list[Any] = list(answers)
    with shared_dependencies():
        # Those to ask here (all, or the workers' errors), consecutive ones of one question
        # together (ask_each: each exactly ask's answer or error)
        todo_here = [n for n, answer in enumerate(answers)
                     if answer is None or isinstance(answer, KgrulesError)]
        for run in _question_runs(todo, todo_here):
            q = todo[run[0]][1]
            got = ask_each(q.id, case, [todo[n][2] for n in run], interpretations=chosen,
                           calendar=cal, engine=runner)
            for n, answer in zip(run, got, strict=True):
                if isinstance(answer, Exception) and not isinstance(answer, KgrulesError):
                    raise answer
                out[n] = answer
    return out


def _question_runs(todo: list[tuple[str, Question, Mapping[str, Any], Any]],
                   indexes: list[int]) -> Iterator[list[int]]:
    """``indexes`` cut into runs of consecutive ones asking one question, at most
    :data:`kgrules.batch.RUN` long (a batch's limit: their scopes are held until the engine
    has evaluated them all)."""
    run: list[int] = []
    for n in indexes:
        if run and (todo[run[0]][1] is not todo[n][1] or len(run) >= RUN):
            yield run
            run = []
        run.append(n)
    if run:
        yield run


def _timeline(ctx: AuditContext, findings: list[Finding], settings: Settings) -> list[TimelineEvent]:
    """Windows and deadlines of the year from the calendar, and what happened from the
    findings (each mark linked to its finding)."""
    events: list[TimelineEvent] = []
    report_reading = "strict" if settings.reading("report_deadline") == "strict" else "shifted"
    for q in ctx.quarters:
        w = ctx.calendar.quarter_window(ctx.year, q)
        events.append(TimelineEvent(
            "meetings", "window", w.first,
            Text(f"Khung họp định kỳ quý {q}: {date_text(w.first, 'vi')}–{date_text(w.last, 'vi')}",
                 f"Q{q} meeting window: {date_text(w.first, 'en')}–{date_text(w.last, 'en')}"),
            end=w.last,
        ))
        d = ctx.calendar.report_deadline(ctx.year, q)
        due = d.deadline(report_reading)
        events.append(TimelineEvent(
            "reports", "deadline", due,
            Text(f"Hạn báo cáo quý {q}: {date_text(due, 'vi')}",
                 f"Q{q} report deadline: {date_text(due, 'en')}"),
        ))
    dispatch_reading = settings.reading("documents_notice")
    for ix in ctx.meetings(MeetingKind.REGULAR):
        m = ix.record
        latest = ctx.calendar.latest_dispatch_day(m.date, dispatch_reading).latest
        events.append(TimelineEvent(
            "documents", "deadline", latest,
            Text(f"Hạn gửi tài liệu phiên họp {m.id}: {date_text(latest, 'vi')}",
                 f"Documents for {m.id} due: {date_text(latest, 'en')}"),
        ))
    declared = audit_declarations()
    for f in findings:
        how = declared.get(f.question, _UNDECLARED)
        if not isinstance(how, Audited) or how.lane is None:
            continue
        lane = how.lane
        days: list[dt.date] = []
        if how.days is not None:
            days = how.days(ctx, f.decision.arguments)
        elif f.day is not None:
            days = [f.day]
        for day in days:
            events.append(TimelineEvent(lane, "event", day, f.subject, finding=f.id,
                                        outcome=f.outcome))
    lane_order = {lane: n for n, lane in enumerate(LANES)}  # once, not per event
    events.sort(key=lambda e: (e.day, lane_order[e.lane], e.kind))
    return events


