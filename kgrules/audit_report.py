"""The audit report: findings, totals and timeline of one year's audit, and its renderings
(plain text, JSON, and one self-contained HTML page with an SVG timeline).

:func:`kgrules.audit.audit` builds an :class:`AuditReport`; this module only presents it, so it
imports neither the audit's enumeration nor the catalogue. The obligations (``GROUPS``) and the
timeline's lanes (``LANES``) are the report's headings, in the order it presents them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from json.encoder import encode_basestring
from typing import Any

import attrs

from kgrules.decision import OUTCOME_LABEL, Decision, Outcome
from kgrules.gcpause import paused_batch
from kgrules.html import (
    CSS,
    OUTCOME_CLASS,
    OUTCOME_SYMBOL,
    _bi,
    _e,
    _format_value,
    _t,
    badge,
    decision_html,
)
from kgrules.i18n import Lang, Text, check_lang
from kgrules.interpretations import SWITCHES, Settings
from kgrules.obligations import GROUPS, LANES

__all__ = ["GROUPS", "LANES", "AuditError", "AuditReport", "Finding", "NotAudited", "TimelineEvent",
           "audit_html", "switches_in", "timeline_svg"]

_ATTENTION = (Outcome.NO, Outcome.UNKNOWN)

# ------------------------------------------------------------------------------- results


@attrs.frozen
class Finding:
    """One check and its decision (kept whole: reasons, clauses, facts)."""

    id: str
    group: str
    quarter: int | None
    day: dt.date | None
    subject: Text
    decision: Decision

    @property
    def question(self) -> str:
        return self.decision.question

    @property
    def outcome(self) -> Outcome:
        return self.decision.outcome

    @property
    def needs_attention(self) -> bool:
        """A "no" or an "unknown": an obligation not met, or records that do not show it met."""
        return self.decision.outcome in _ATTENTION

    @property
    def summary(self) -> Text:
        """The deciding reasons, in one sentence each."""
        reasons = [r for r in self.decision.reasons if r.decisive] or list(self.decision.reasons)
        return Text("; ".join(r.explanation.vi for r in reasons),
                    "; ".join(r.explanation.en for r in reasons))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "group": self.group,
            "quarter": self.quarter,
            "day": None if self.day is None else self.day.isoformat(),
            "question": self.question,
            "arguments": dict(self.decision.arguments),
            "subject": self.subject.to_dict(),
            "outcome": self.outcome.value,
            "needs_attention": self.needs_attention,
            "summary": self.summary.to_dict(),
            "decision": self.decision.to_dict(),
        }


@attrs.frozen
class AuditError:
    """A check the library could not answer (bad data the case let through, or a rule bug):
    shown in the report, never hidden."""

    id: str
    question: str
    arguments: Mapping[str, str]
    error: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "question": self.question, "arguments": dict(self.arguments),
                "error": self.error, "message": self.message}


@attrs.frozen
class NotAudited:
    """A question of the catalogue the audit does not ask, and why."""

    question: str
    title: Text
    reason: Text

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "title": self.title.to_dict(),
                "reason": self.reason.to_dict()}


@attrs.frozen
class TimelineEvent:
    """A mark on the year's timeline: a window (with an end), a deadline, or what happened
    (linked to its finding, coloured by its outcome)."""

    lane: str
    kind: str  # "window" | "deadline" | "event"
    day: dt.date
    label: Text
    end: dt.date | None = None
    finding: str | None = None
    outcome: Outcome | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "lane": self.lane,
            "kind": self.kind,
            "day": self.day.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "label": self.label.to_dict(),
            "finding": self.finding,
            "outcome": None if self.outcome is None else self.outcome.value,
        }


@attrs.frozen
class AuditReport:
    """The audit of one case over one year: findings, what was not audited, and the timeline."""

    case_name: str
    year: int
    findings: tuple[Finding, ...]
    errors: tuple[AuditError, ...]
    not_audited: tuple[NotAudited, ...]
    timeline: tuple[TimelineEvent, ...]
    quarters: tuple[int, ...]
    settings: Settings
    calendar: str
    engine: str
    generated_on: dt.date
    #: Each record a finding relied on (its path in the case), summarised in both languages.
    records: Mapping[str, Text] = attrs.field(factory=dict)
    #: Every question the audit asked about (some may have had no record to check this year).
    asked: tuple[str, ...] = ()

    @property
    def attention(self) -> tuple[Finding, ...]:
        """The findings that need attention ("no" or "unknown"), in report order."""
        return tuple(f for f in self.findings if f.needs_attention)

    def finding(self, finding_id: str) -> Finding:
        for f in self.findings:
            if f.id == finding_id:
                return f
        raise KeyError(finding_id)

    def totals(self) -> dict[str, Any]:
        """Counts by outcome: overall, by obligation and by quarter (``"year"`` for checks that
        belong to the whole year)."""
        def count(items: Iterable[Finding]) -> dict[str, int]:
            c = Counter(f.outcome.value for f in items)
            return {o.value: c.get(o.value, 0) for o in Outcome}

        by_group = {g: count(f for f in self.findings if f.group == g)
                    for g in GROUPS if any(f.group == g for f in self.findings)}
        by_quarter = {
            _period_key(q): count(f for f in self.findings if f.quarter == q)
            for q in (*self.quarters, None)
            if any(f.quarter == q for f in self.findings)
        }
        return {
            "checks": len(self.findings),
            "needs_attention": len(self.attention),
            "errors": len(self.errors),
            "outcomes": count(self.findings),
            "by_group": by_group,
            "by_quarter": by_quarter,
        }

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON data. Made with the collector paused (kgrules.gcpause): the
        dicts of a 10,000-expenditure report, about two million, set off collections that
        walked every kept finding again and again (1.4-1.9 s of CPU against 0.5 s paused)."""
        with paused_batch():
            return self._data()

    def _data(self) -> dict[str, Any]:
        return {
            "case": self.case_name,
            "year": self.year,
            "generated_on": self.generated_on.isoformat(),
            "calendar": self.calendar,
            "engine": self.engine,
            "interpretations": self.settings.to_dict(),
            "quarters": list(self.quarters),
            "totals": self.totals(),
            "findings": [f.to_dict() for f in self.findings],
            "errors": [e.to_dict() for e in self.errors],
            "asked": list(self.asked),
            "not_audited": [n.to_dict() for n in self.not_audited],
            "timeline": [t.to_dict() for t in self.timeline],
            "groups": {g: t.to_dict() for g, t in GROUPS.items()},
        }

    def to_json(self, indent: int | None = 2) -> str:
        with paused_batch():  # as to_dict; the data is dropped once written
            data = self._data()
            if type(indent) is int:  # the same text as json.dumps, in about half its time
                return dumps_indented(data, indent, self._shared_quotes(data))
            return json.dumps(data, ensure_ascii=False, indent=indent)

    def _shared_quotes(self, data: dict[str, Any]) -> set[int]:
        """The reasons' quoted clauses made one list per rule's quotes in ``data`` (this
        report's own data, which nobody else sees), and the ids of those lists: written once
        each (:func:`dumps_indented`), not once per reason. They are a third of a report's
        text (the regulation's clauses again and again): 0.5 s of a 10,000-expenditure
        report's 1.8 s of writing."""
        lists: dict[int, list[Any]] = {}
        for finding, written in zip(self.findings, data["findings"], strict=True):
            for reason, said in zip(finding.decision.reasons, written["decision"]["reasons"],
                                    strict=True):
                key = id(reason.quotes)  # the rule's own tuple: the same object every time
                kept = lists.get(key)
                if kept is None:
                    lists[key] = said["quotes"]
                else:
                    said["quotes"] = kept
        return {id(kept) for kept in lists.values()}

    def render(self, lang: str = "vi") -> str:
        """A plain-text summary: totals, then every finding that needs attention."""
        lg = check_lang(lang)
        t = self.totals()
        o = t["outcomes"]
        lines = [
            Text(f"Kiểm tra năm {self.year}", f"Audit of {self.year}").get(lg) + f" — {self.case_name}",
            Text("Số lượt kiểm tra", "Checks").get(lg) + f": {t['checks']}  "
            f"✓ {o['yes']}  ✗ {o['no']}  ? {o['unknown']}  – {o['not_applicable']}",
        ]
        for g, c in t["by_group"].items():
            lines.append(f"  {GROUPS[g].get(lg)}: ✓ {c['yes']} ✗ {c['no']} ? {c['unknown']} "
                         f"– {c['not_applicable']}")
        if self.attention:
            lines.append(Text("Cần lưu ý", "Needs attention").get(lg) + ":")
        for f in self.attention:
            mark = "✗" if f.outcome is Outcome.NO else "?"
            lines.append(f" {mark} [{f.id}] {_period_label(f.quarter, lg)} · {f.question} · "
                         f"{f.subject.get(lg)}: {f.summary.get(lg)}")
            what_if = f.decision.what_if
            if what_if is not None:  # the first suggestion, or why there is none
                lines.append("     → " + Text("Để thành CÓ", "To make it yes").get(lg) + ": "
                             + (what_if.options[0].render(lg) if what_if.options
                                else what_if.summary().get(lg)))
        for e in self.errors:
            lines.append(f" ! [{e.id}] {e.question} {dict(e.arguments)}: {e.error}: {e.message}")
        if self.not_audited:
            lines.append(Text("Không kiểm tra", "Not audited").get(lg) + ": "
                         + ", ".join(n.question for n in self.not_audited))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def to_html(self, lang: str = "vi") -> str:
        """The report as one self-contained HTML file (no script, no external resource), with
        a timeline of the year; readable when printed."""
        return audit_html(self, check_lang(lang))

    def _repr_html_(self) -> str:
        return audit_html(self, "vi", standalone=False)


def dumps_indented(obj: Any, indent: int = 2, shared: Collection[int] = ()) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=indent)``, the same text, about twice as
    fast: with an indent, the standard library encodes in Python through a generator per
    nesting level, each piece passing up through every level above it; a 10,000-expenditure
    report (188 MB of JSON) took 3.8 s of CPU to encode, more than the audit itself. Written
    here as one recursion appending to a list, with the commonest value (a string) encoded
    inline. Types as ``json.dumps`` takes them (subclasses as their base, ``int`` and ``float``
    by their ``__repr__``, keys of ``str``, ``int``, ``float``, ``bool`` or None), the same
    TypeError for any other; no check for circular references (a report has none, and a
    cycle raises RecursionError instead of ValueError). ``shared``: the ids of lists that
    appear several times in ``obj`` (and are not changed while it is written), each written
    once per indentation level and its text repeated."""
    out: list[str] = []
    put = out.append
    pads = ["\n"]
    enc = encode_basestring
    written: dict[tuple[int, int], str] = {}

    def repeated(o: Any, level: int) -> None:
        key = (id(o), level)
        text = written.get(key)
        if text is None:
            start = len(out)
            items(o, level)
            text = written[key] = "".join(out[start:])
            del out[start:]
        put(text)

    def value(o: Any, level: int) -> None:
        cls = o.__class__
        if cls is str:
            put(enc(o))
        elif cls is dict:
            if not o:
                put("{}")
                return
            level += 1
            while len(pads) <= level:
                pads.append("\n" + " " * (indent * len(pads)))
            sep, pad = "{" + pads[level], "," + pads[level]
            for k, v in o.items():
                head = sep + enc(k if k.__class__ is str else _json_key(k)) + ": "
                sep = pad
                if v.__class__ is str:
                    put(head + enc(v))
                else:
                    put(head)
                    value(v, level)
            put(pads[level - 1] + "}")
        elif cls is list or cls is tuple:
            if shared and id(o) in shared:
                repeated(o, level)
            else:
                items(o, level)
        elif isinstance(o, str) or not isinstance(o, (list, tuple, dict)):
            put(_json_scalar(o))
        else:  # a subclass of list, tuple or dict: as its base
            value(dict(o) if isinstance(o, dict) else list(o), level)

    def items(o: list[Any] | tuple[Any, ...], level: int) -> None:
        if not o:
            put("[]")
            return
        level += 1
        while len(pads) <= level:
            pads.append("\n" + " " * (indent * len(pads)))
        sep, pad = "[" + pads[level], "," + pads[level]
        for item in o:
            if item.__class__ is str:
                put(sep + enc(item))
            else:
                put(sep)
                value(item, level)
            sep = pad
        put(pads[level - 1] + "]")

    value(obj, 0)
    return "".join(out)


_float_repr: Callable[[float], str] = float.__repr__
_int_repr: Callable[[int], str] = int.__repr__


def _json_float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == float("inf"):
        return "Infinity"
    if o == -float("inf"):
        return "-Infinity"
    return _float_repr(o)


def _json_scalar(o: Any) -> str:
    """A value other than a container, as ``json.dumps`` writes it."""
    if isinstance(o, str):
        return encode_basestring(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return _int_repr(o)
    if isinstance(o, float):
        return _json_float(o)
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


def _json_key(k: Any) -> str:
    """A dict key other than ``str``, as ``json.dumps`` writes it (before quoting): a number,
    a bool or None as that value's own text."""
    if isinstance(k, str):
        return k
    if k is None or isinstance(k, (int, float)):  # bool is an int: "true"/"false" as values
        return _json_scalar(k)
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


def _period_key(quarter: int | None) -> str:
    return "year" if quarter is None else f"Q{quarter}"


def _period_label(quarter: int | None, lang: Lang) -> str:
    if quarter is None:
        return Text("Cả năm", "Whole year").get(lang)
    return Text(f"Quý {quarter}", f"Q{quarter}").get(lang)


def switches_in(report: AuditReport) -> list[str]:
    """The interpretation switches any finding relied on, in register order."""
    used = {i.switch for f in report.findings for i in f.decision.interpretations}
    return [s for s in sorted(SWITCHES, key=lambda s: SWITCHES[s].point) if s in used]


# ------------------------------------------------------------------------------- audit report

REPORT_CSS = """
html{background:#fff}
body.kg{max-width:72em;margin:1.2em auto;padding:0 1.2em}
.kg h1{font-size:1.6em;margin:.2em 0}
.kg h2{font-size:1.25em;margin:1.4em 0 .4em;padding-bottom:.15em;border-bottom:2px solid #44505c;
break-after:avoid}
.kg h3{break-after:avoid}
.kg .kg-cards{display:flex;gap:.6em;flex-wrap:wrap;margin:.6em 0}
.kg .kg-card{border:1px solid #c9d1d9;border-radius:.4em;padding:.4em .8em;min-width:7em}
.kg .kg-card b{display:block;font-size:1.5em}
.kg table.kg-findings{width:100%}
.kg table.kg-findings td:nth-child(1){white-space:nowrap}
.kg tr{break-inside:avoid}
.kg .kg-timeline>svg{width:100%;height:auto;border:1px solid #c9d1d9}
.kg .kg-legend svg{vertical-align:middle}
.kg .kg-legend span{margin-right:1.2em;white-space:nowrap}
.kg section.kg-decision-box{border-top:1px solid #c9d1d9;padding-top:.4em;margin-top:.8em;
break-inside:avoid-page}
.kg .kg-back{font-size:.85em}
@page{size:A4;margin:14mm 12mm}
@media print{
  body.kg{max-width:none;margin:0;padding:0;font-size:10pt}
  .kg a{color:inherit;text-decoration:none}
  .kg .kg-back{display:none}
  .kg h2.kg-newpage{break-before:page}
  .kg .kg-timeline{break-inside:avoid}
  .kg section.kg-ok{display:none}
  .kg *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

_OUTCOME_COLOUR = {
    Outcome.YES: "#1a7f37",
    Outcome.NO: "#cf222e",
    Outcome.UNKNOWN: "#bf8700",
    Outcome.NOT_APPLICABLE: "#8c959f",
}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _marker(outcome: Outcome | None, x: float, y: float, shape: str) -> str:
    """A mark whose outcome reads without colour: filled (yes), a cross (no), hollow and
    dashed (unknown), a small dot (not applicable)."""
    colour = _OUTCOME_COLOUR.get(outcome, "#44505c") if outcome is not None else "#44505c"
    if outcome is Outcome.NO:
        return (f'<path d="M{x - 6:.1f} {y - 6:.1f}L{x + 6:.1f} {y + 6:.1f}M{x - 6:.1f} {y + 6:.1f}'
                f'L{x + 6:.1f} {y - 6:.1f}" stroke="{colour}" stroke-width="3"/>')
    if outcome is Outcome.NOT_APPLICABLE:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'
    fill = colour if outcome is Outcome.YES or outcome is None else "#fff"
    dash = ' stroke-dasharray="2 2"' if outcome is Outcome.UNKNOWN else ""
    if shape == "square":
        return (f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{fill}" '
                f'stroke="{colour}" stroke-width="2"{dash}/>')
    if shape == "diamond":
        return (f'<path d="M{x:.1f} {y - 6:.1f}L{x + 6:.1f} {y:.1f}L{x:.1f} {y + 6:.1f}L{x - 6:.1f} '
                f'{y:.1f}Z" fill="{fill}" stroke="{colour}" stroke-width="2"{dash}/>')
    return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{fill}" stroke="{colour}" '
            f'stroke-width="2"{dash}/>')


def timeline_svg(report: Any, lang: Lang) -> str:
    """The year on one axis: a lane per kind of obligation, the windows as bands, deadlines as
    dashed lines, and what happened as marks linked to their findings."""
    events = list(report.timeline)
    year = report.year
    first = dt.date(year, 1, 1)
    last = max([dt.date(year, 12, 31), *[e.end or e.day for e in events]])
    last = min(last, dt.date(year + 1, 3, 31))
    lanes = [lane for lane in LANES if any(e.lane == lane for e in events)]
    left, width, top, lane_h = 200.0, 780.0, 28.0, 34.0
    height = top + lane_h * len(lanes) + 8
    span = (last - first).days + 1

    def x(day: dt.date) -> float:
        return float(left + width * ((day - first).days + 0.5) / span)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {left + width + 12:.0f} '
           f'{height:.0f}" role="img" font-family="sans-serif" font-size="11">',
           f"<title>{_e(Text('Dòng thời gian năm', 'Timeline of').get(lang))} {year}</title>"]
    month = first
    while month <= last:
        mx = left + width * (month - first).days / span
        strong = month.month in (1, 4, 7, 10)
        out.append(f'<line x1="{mx:.1f}" y1="{top - 12}" x2="{mx:.1f}" y2="{height - 4:.0f}" '
                   f'stroke="{"#66727e" if strong else "#d0d7de"}" stroke-width="{1.5 if strong else 1}"/>')
        name = f"T{month.month}" if lang == "vi" else _MONTHS_EN[month.month - 1]
        if month.year != year:
            name += f"/{month.year}"
        out.append(f'<text x="{mx + 3:.1f}" y="{top - 14}" fill="#44505c">{_e(name)}</text>')
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    for n, lane in enumerate(lanes):
        y0 = top + n * lane_h
        cy = y0 + lane_h / 2
        if n % 2 == 0:
            out.append(f'<rect x="0" y="{y0:.1f}" width="{left + width + 12:.0f}" height="{lane_h}" '
                       f'fill="#f6f8fa"/>')
        out.append(f'<text x="6" y="{cy + 4:.1f}" fill="#1d232a">{_e(LANES[lane].get(lang))}</text>')
        for ev in (e for e in events if e.lane == lane):
            title = f"<title>{_e(ev.label.get(lang))}</title>"
            if ev.kind == "window" and ev.end is not None:
                x1, x2 = x(ev.day) - 2, x(ev.end) + 2
                out.append(f'<rect x="{x1:.1f}" y="{y0 + 5:.1f}" width="{x2 - x1:.1f}" '
                           f'height="{lane_h - 10}" fill="#cfe3f7" stroke="#2f6fb0" '
                           f'stroke-dasharray="3 2">{title}</rect>')
            elif ev.kind == "deadline":
                xd = x(ev.day)
                out.append(f'<line x1="{xd:.1f}" y1="{y0 + 3:.1f}" x2="{xd:.1f}" '
                           f'y2="{y0 + lane_h - 3:.1f}" stroke="#1d232a" stroke-width="1.5" '
                           f'stroke-dasharray="4 2">{title}</line>')
        for ev in (e for e in events if e.lane == lane and e.kind == "event"):
            shape = {"documents": "square", "reports": "diamond", "spending": "diamond"}.get(lane, "circle")
            mark = _marker(ev.outcome, x(ev.day), cy, shape)
            title = f"<title>{_e(ev.label.get(lang))}</title>"
            if ev.finding:
                out.append(f'<a href="#{_e(ev.finding)}">{title}{mark}</a>')
            else:
                out.append(f"<g>{title}{mark}</g>")
    out.append("</svg>")
    return "".join(out)


def _legend(lang: Lang) -> str:
    items = [
        ('<rect x="1" y="3" width="22" height="10" fill="#cfe3f7" stroke="#2f6fb0" '
         'stroke-dasharray="3 2"/>', Text("khung thời gian", "window")),
        ('<line x1="12" y1="1" x2="12" y2="15" stroke="#1d232a" stroke-width="1.5" '
         'stroke-dasharray="4 2"/>', Text("hạn chót", "deadline")),
        (_marker(Outcome.YES, 12, 8, "circle"), OUTCOME_LABEL[Outcome.YES]),
        (_marker(Outcome.NO, 12, 8, "circle"), OUTCOME_LABEL[Outcome.NO]),
        (_marker(Outcome.UNKNOWN, 12, 8, "circle"), OUTCOME_LABEL[Outcome.UNKNOWN]),
        (_marker(Outcome.NOT_APPLICABLE, 12, 8, "circle"), OUTCOME_LABEL[Outcome.NOT_APPLICABLE]),
    ]
    return '<div class="kg-legend">' + "".join(
        f'<span><svg width="24" height="16" viewBox="0 0 24 16">{svg}</svg> {_t(label, lang)}</span>'
        for svg, label in items
    ) + "</div>"


def _counts(c: Mapping[str, int]) -> str:
    parts = [f'<span class="{OUTCOME_CLASS[o]}">{OUTCOME_SYMBOL[o]} {c.get(o.value, 0)}</span>'
             for o in Outcome if c.get(o.value, 0)]
    return " ".join(parts) or "—"


def _finding_rows(findings: Iterable[Any], lang: Lang) -> str:
    rows = []
    for f in findings:
        rows.append(
            f'<tr><td><a href="#{_e(f.id)}">{_e(f.id)}</a></td>'
            f"<td>{_t(GROUPS[f.group], lang)}</td>"
            f'<td>{_t(f.subject, lang)}<div class="kg-id">{_e(f.question)}</div></td>'
            f"<td>{badge(f.outcome, lang)}</td><td>{_t(f.summary, lang)}</td></tr>"
        )
    head = (f"<tr><th>#</th><th>{_bi('Nghĩa vụ', 'Obligation', lang)}</th>"
            f"<th>{_bi('Đối tượng', 'Subject', lang)}</th><th>{_bi('Kết luận', 'Answer', lang)}</th>"
            f"<th>{_bi('Lý do', 'Why', lang)}</th></tr>")
    return f'<table class="kg-findings">{head}{"".join(rows)}</table>'


def audit_html(report: Any, lang: Lang = "vi", *, standalone: bool = True) -> str:
    """An audit report (:class:`kgrules.audit.AuditReport`) as one self-contained HTML page."""
    lg = check_lang(lang)
    t = report.totals()
    o = t["outcomes"]
    title = Text(f"Báo cáo kiểm tra việc thực hiện Quy chế — năm {report.year}",
                 f"Compliance audit of the operating rules — {report.year}")
    out: list[str] = []
    if standalone:
        out.append(
            f'<!DOCTYPE html><html lang="{lg}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_t(title, lg)} — {_e(report.case_name)}</title>"
            f"<style>{CSS}{REPORT_CSS}</style></head><body class=\"kg kg-report\">"
        )
    else:
        out.append(f'<style>{CSS}</style><div class="kg kg-report">')
    out.append(f'<header id="top"><h1>{_t(title, lg)}</h1>'
               f'<div class="kg-sub">{_t(title, "en" if lg == "vi" else "vi")}</div>'
               f"<p><b>{_e(report.case_name)}</b></p>"
               f'<p class="kg-sub">Quyết định 1507/QĐ-UBND ngày 23/6/2008 · '
               f"{_bi('Lập ngày', 'Generated', lg)} {_e(_format_value(report.generated_on, lg))} · "
               f"{_bi('Bộ máy', 'Engine', lg)} {_e(report.engine)} · "
               f"{_bi('Lịch', 'Calendar', lg)} {_e(report.calendar)}</p></header>")

    cards = [
        (Text("Lượt kiểm tra", "Checks"), t["checks"], ""),
        (OUTCOME_LABEL[Outcome.YES], o["yes"], "yes"),
        (OUTCOME_LABEL[Outcome.NO], o["no"], "no"),
        (OUTCOME_LABEL[Outcome.UNKNOWN], o["unknown"], "unknown"),
        (OUTCOME_LABEL[Outcome.NOT_APPLICABLE], o["not_applicable"], "na"),
    ]
    out.append(f'<h2 id="totals">{_bi("Tổng hợp", "Totals", lg)}</h2><div class="kg-cards">')
    out.extend(f'<div class="kg-card {cls}"><b>{n}</b>{_t(label, lg)}</div>' for label, n, cls in cards)
    out.append("</div>")
    periods = list(t["by_quarter"])
    whole = Text("Cả năm", "Whole year")
    head = "".join(
        f"<th>{_e(whole.get(lg) if p == 'year' else Text(f'Quý {p[1]}', p).get(lg))}</th>"
        for p in periods
    )
    rows = []
    for g in t["by_group"]:
        cells = []
        for p in periods:
            quarter = None if p == "year" else int(p[1])
            sub = [f for f in report.findings if f.group == g and f.quarter == quarter]
            c = {oc.value: sum(1 for f in sub if f.outcome is oc) for oc in Outcome}
            cells.append(f"<td>{_counts(c)}</td>")
        rows.append(f"<tr><th>{_t(GROUPS[g], lg)}</th>{''.join(cells)}"
                    f"<td>{_counts(t['by_group'][g])}</td></tr>")
    out.append(f'<table><tr><th>{_bi("Nghĩa vụ", "Obligation", lg)}</th>{head}'
               f'<th>{_bi("Cộng", "Total", lg)}</th></tr>{"".join(rows)}</table>')
    used = switches_in(report)
    if used:
        out.append(f"<p>{_bi('Cách hiểu đã áp dụng', 'Interpretations applied', lg)}:</p><ul>")
        for s in used:
            sw = SWITCHES[s]
            reading = report.settings.reading(s)
            flag = Text("mặc định", "default") if reading == sw.default else Text("đã chọn", "chosen")
            out.append(f"<li>({sw.point}) {_t(sw.title, lg)}: <b>{_t(sw.readings[reading], lg)}</b> "
                       f'<span class="kg-sub">[<code>{_e(s)}={_e(reading)}</code>, '
                       f"{_t(flag, lg)}]</span></li>")
        out.append("</ul>")

    out.append(f'<h2 id="timeline">{_bi("Dòng thời gian của năm", "Timeline of the year", lg)}</h2>'
               f'<div class="kg-timeline">{timeline_svg(report, lg)}{_legend(lg)}</div>')

    attention = report.attention
    out.append(f'<h2 id="attention">{_bi("Cần lưu ý", "Needs attention", lg)} ({len(attention)})</h2>')
    if attention:
        out.append(_finding_rows(attention, lg))
    else:
        nothing = Text("Không có vi phạm hay thiếu hồ sơ.", "Nothing failed or unknown.")
        out.append(f"<p>{_t(nothing, lg)}</p>")
    if report.errors:
        out.append(f'<h2 id="errors">{_bi("Lỗi khi kiểm tra", "Checks that failed to run", lg)}</h2><ul>')
        out.extend(f"<li>{_e(e.id)} <code>{_e(e.question)}</code> {_e(dict(e.arguments))}: "
                   f"{_e(e.error)}: {_e(e.message)}</li>" for e in report.errors)
        out.append("</ul>")

    out.append(f'<h2 id="chronology">{_bi("Diễn biến trong năm", "What happened, day by day", lg)}</h2>')
    chrono = []
    for ev in report.timeline:
        when = _format_value(ev.day, lg)
        if ev.end is not None:
            when += f" – {_format_value(ev.end, lg)}"
        if ev.finding:
            mark = f'{badge(ev.outcome, lg)} <a href="#{_e(ev.finding)}">{_e(ev.finding)}</a>'
        else:
            mark = _e(Text("khung thời gian", "window").get(lg) if ev.kind == "window"
                      else Text("hạn chót", "deadline").get(lg))
        chrono.append(f"<tr><td>{_e(when)}</td><td>{_t(LANES[ev.lane], lg)}</td>"
                      f"<td>{_t(ev.label, lg)}</td><td>{mark}</td></tr>")
    out.append(f'<table class="kg-findings"><tr><th>{_bi("Ngày", "Day", lg)}</th>'
               f'<th>{_bi("Loại", "Lane", lg)}</th><th>{_bi("Nội dung", "What", lg)}</th>'
               f'<th>{_bi("Kết luận", "Answer", lg)}</th></tr>{"".join(chrono)}</table>')

    for q in (*report.quarters, None):
        sub = [f for f in report.findings if f.quarter == q]
        if not sub:
            continue
        label = (Text("Các nghĩa vụ của cả năm", "Obligations of the whole year") if q is None
                 else Text(f"Quý {q}/{report.year}", f"{report.year} Q{q}"))
        anchor = "year" if q is None else f"q{q}"
        counts = {oc.value: sum(1 for f in sub if f.outcome is oc) for oc in Outcome}
        out.append(f'<h2 id="{anchor}">{_t(label, lg)} <span class="kg-sub">'
                   f"({len(sub)} · {_counts(counts)})</span></h2>")
        out.append(_finding_rows(sub, lg))

    idle = [q for q in report.asked if not any(f.question == q for f in report.findings)]
    if idle:
        out.append(f"<p>{_bi('Không có hồ sơ cần kiểm tra trong năm', 'Nothing to check this year', lg)}: "
                   + ", ".join(f"<code>{_e(q)}</code>" for q in idle) + "</p>")
    if report.not_audited:
        out.append(f'<h2 id="not-audited">{_bi("Không kiểm tra", "Not audited", lg)}</h2><ul>')
        out.extend(f"<li><code>{_e(n.question)}</code> — {_t(n.title, lg)}: {_t(n.reason, lg)}</li>"
                   for n in report.not_audited)
        out.append("</ul>")

    out.append(f'<h2 class="kg-newpage" id="decisions">'
               f'{_bi("Phụ lục: các quyết định", "Appendix: the decisions", lg)}</h2>')
    note = Text("Khi in, phụ lục chỉ gồm các phát hiện cần lưu ý; bản điện tử có đủ mọi kết luận.",
                "Printed, the appendix holds the findings that need attention; on screen, every one.")
    out.append(f'<p class="kg-sub">{_t(note, lg)}</p>')
    for f in report.findings:
        ok = "" if f.needs_attention else " kg-ok"
        out.append(
            f'<section class="kg-decision-box{ok}" id="{_e(f.id)}"><b>{_e(f.id)}</b> · '
            f"{_t(f.subject, lg)}"
            f"{decision_html(f.decision, lg, style=False, records=report.records, docs_url=None)}"
            f'<a class="kg-back" href="#top">↑</a></section>'
        )
    out.append("</body></html>" if standalone else "</div>")
    return "".join(out)
