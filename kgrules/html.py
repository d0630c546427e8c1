"""Rich HTML for people who read the law, not the code: decisions, cases and the catalogue.

Jupyter shows any object with a ``_repr_html_`` method as HTML. This module registers such a
method on :class:`~kgrules.decision.Decision`, :class:`~kgrules.case.Case` and
:class:`~kgrules.dsl.Question` (importing :mod:`kgrules` is enough), so a decision displays as
its verdict at a glance, each reason with the clause quoted and linked, the facts relied on,
what is missing and the interpretation choices, in Vietnamese (``set_language("en")`` or
``show(obj, "en")`` for English).

Beyond single objects:

* :func:`explain_tree`: a decision as a tree, conclusion → conditions → reasons → facts, the
  facts shown as the case records them.
* :func:`kgrules.readings.compare_readings` (its own module: an analysis that asks questions):
  one question under each reading of each interpretation switch it depends on, side by side.
* :func:`catalogue_view`: the question catalogue as a table.

Every fragment is self-contained HTML (a scoped ``<style>`` and markup; no script, no external
resource), so it renders the same in Jupyter, in the documentation site and in the audit report.
Links to clauses point at the documentation site when its address is known
(:func:`set_docs_url`, or the ``KGRULES_DOCS_URL`` environment variable); otherwise the clause is
quoted in place and not linked, rather than linked to a page that is not there.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from kgrules.case import KIND_CLASSES, Case
from kgrules.catalogue import question as get_question
from kgrules.catalogue import questions
from kgrules.decision import OUTCOME_LABEL, STATUS_LABEL, Decision, Outcome
from kgrules.dsl import Question, Status
from kgrules.i18n import Lang, Text, check_lang
from kgrules.interpretations import SWITCHES
from kgrules.regulation import cite

__all__ = [
    "CSS",
    "ExplanationTree",
    "Html",
    "case_html",
    "catalogue_html",
    "catalogue_view",
    "clause_anchor",
    "decision_html",
    "explain_tree",
    "question_html",
    "record_summary",
    "set_docs_url",
    "set_language",
    "show",
]

_settings: dict[str, str | None] = {"lang": "vi", "docs_url": None}

OUTCOME_CLASS = {
    Outcome.YES: "yes",
    Outcome.NO: "no",
    Outcome.UNKNOWN: "unknown",
    Outcome.NOT_APPLICABLE: "na",
}
#: A symbol beside every colour, so that a verdict survives black-and-white printing.
OUTCOME_SYMBOL = {
    Outcome.YES: "✓",
    Outcome.NO: "✗",
    Outcome.UNKNOWN: "?",
    Outcome.NOT_APPLICABLE: "–",
}
STATUS_OUTCOME = {
    Status.HOLDS: Outcome.YES,
    Status.FAILS: Outcome.NO,
    Status.UNKNOWN: Outcome.UNKNOWN,
    Status.NOT_APPLICABLE: Outcome.NOT_APPLICABLE,
}

CSS = """
.kg{font-family:"Noto Sans","Segoe UI",Roboto,Arial,sans-serif;font-size:14px;line-height:1.45;
color:#1d232a;max-width:62em}
.kg h3,.kg h4{margin:.6em 0 .3em}
.kg .kg-head{display:flex;gap:.8em;align-items:baseline;flex-wrap:wrap}
.kg .kg-badge{display:inline-block;padding:.15em .6em;border-radius:.3em;font-weight:700;
border:2px solid currentColor;white-space:nowrap;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.kg .yes{color:#0b6b2f;background:#e3f5e8}.kg .no{color:#a4161a;background:#fde7e7}
.kg .unknown{color:#7a4d00;background:#fff2cc}.kg .na{color:#4a5560;background:#eceff1}
.kg .kg-id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;color:#44505c}
.kg .kg-sub{color:#55606b;font-size:.92em}
.kg table{border-collapse:collapse;margin:.4em 0}
.kg th,.kg td{border:1px solid #c9d1d9;padding:.25em .5em;text-align:left;vertical-align:top}
.kg th{background:#f3f5f7}
.kg blockquote{margin:.3em 0 .3em .2em;padding:.2em .7em;border-left:4px solid #8fa3b8;
background:#f7f9fb;font-style:italic}
.kg .kg-reason{margin:.5em 0 .7em;padding-left:.6em;border-left:3px solid #d0d7de}
.kg .kg-reason.kg-decisive{border-left-color:#44505c}
.kg .kg-facts{font-size:.9em;color:#33404c}
.kg ul.kg-tree,.kg ul.kg-tree ul{list-style:none;margin:0;padding-left:1.2em;border-left:1px dashed #aab4be}
.kg ul.kg-tree{border-left:none;padding-left:0}
.kg ul.kg-tree li{margin:.25em 0}
.kg .kg-lvl{font-size:.78em;text-transform:uppercase;letter-spacing:.04em;color:#66727e;margin-right:.4em}
.kg .kg-cmp td{min-width:11em}
.kg .kg-default{font-weight:700}
.kg .kg-warn{color:#7a4d00}
"""


class Html:
    """A piece of HTML that Jupyter displays as such (and ``str()`` returns as markup)."""

    __slots__ = ("markup",)

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return f"Html({len(self.markup)} characters)"


def set_language(lang: str) -> None:
    """The language of rich displays in this process: ``"vi"`` (default) or ``"en"``."""
    _settings["lang"] = check_lang(lang)


def set_docs_url(url: str | None) -> None:
    """The documentation site's root (e.g. ``https://…/kgrules/``) for clause links; None for
    no links."""
    _settings["docs_url"] = url if url is None or url.endswith("/") else url + "/"


def _lang(lang: str | None) -> Lang:
    return check_lang(lang if lang is not None else (_settings["lang"] or "vi"))


def _docs_url(docs_url: str | None) -> str | None:
    if docs_url is not None:
        return docs_url
    if _settings["docs_url"] is not None:
        return _settings["docs_url"]
    env = os.environ.get("KGRULES_DOCS_URL")
    if env:
        return env if env.endswith("/") else env + "/"
    return None


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _t(text: Text, lang: Lang) -> str:
    return _e(text.get(lang))


def _bi(vi: str, en: str, lang: Lang) -> str:
    """A label in the chosen language, the other one beside it, smaller."""
    first, second = (vi, en) if lang == "vi" else (en, vi)
    return f'{_e(first)} <span class="kg-sub">/ {_e(second)}</span>'


def clause_anchor(clause_id: str) -> str:
    """The anchor of a clause on the regulation page: ``dieu-10/doan-5`` → ``dieu-10-doan-5``."""
    return re.sub(r"[^a-z0-9-]", "-", clause_id.lower())


def _clause_link(clause_id: str, lang: Lang, docs_url: str | None) -> str:
    label = _e(cite(clause_id, lang))
    if docs_url is None:
        return label
    return f'<a href="{_e(docs_url)}regulation/#{clause_anchor(clause_id)}">{label}</a>'


def _switch_link(switch: str, lang: Lang, docs_url: str | None) -> str:
    label = f'<code>{_e(switch)}</code>'
    if docs_url is None or switch not in SWITCHES:
        return label
    point = SWITCHES[switch].point
    return f'<a href="{_e(docs_url)}interpretations/#{point}-{_e(switch)}">{label}</a>'


def badge(outcome: Outcome, lang: Lang) -> str:
    return (
        f'<span class="kg-badge {OUTCOME_CLASS[outcome]}">{OUTCOME_SYMBOL[outcome]} '
        f"{_t(OUTCOME_LABEL[outcome], lang)}</span>"
    )


def _style(style: bool) -> str:
    return f"<style>{CSS}</style>" if style else ""


# ------------------------------------------------------------------------------- records


def _format_value(value: object, lang: Lang) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return ("có" if value else "không") if lang == "vi" else ("yes" if value else "no")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y") if lang == "vi" else value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, frozenset | set):
        return ", ".join(sorted(str(v) for v in value))
    if isinstance(value, tuple | list):
        return ", ".join(_format_value(v, lang) for v in value) or "—"
    return str(value)


def _field_value(case: Case | None, field: attrs.Attribute[Any], value: object, lang: Lang) -> str:
    text = _format_value(value, lang)
    meta = field.metadata
    if meta.get("format") == "money" and isinstance(value, int):
        text = f"{value:,}".replace(",", ".") + (" đồng" if lang == "vi" else " VND")
    if case is not None and meta.get("ref") == "person" and isinstance(value, str):
        if case.has("people", value):
            text = f"{value} ({case.person(value).name})"
    return text


def record_summary(case: Case, path: str, lang: Lang = "vi") -> str | None:
    """One line naming a record by its main fields (``meetings[3]``: ``H2009-Q3 · regular ·
    30/09/2009``); None if the path names no record (e.g. a nested question)."""
    try:
        record = case.record_at(path)
    except KeyError:
        return None
    parts: list[str] = []
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if value is None or value == () or field.name in ("description", "source"):
            continue
        parts.append(_field_value(case, field, value, lang))
        if len(parts) == 5:
            break
    return " · ".join(parts)


def record_table(case: Case, path: str, lang: Lang) -> str:
    """A record as the case states it: each field with its label in the chosen language."""
    try:
        record = case.record_at(path)
    except KeyError:
        return f"<code>{_e(path)}</code>"
    rows = []
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if value is None:
            continue
        label = field.metadata.get(lang, field.name)
        rows.append(
            f'<tr><th>{_e(label)} <span class="kg-id">{_e(field.name)}</span></th>'
            f"<td>{_e(_field_value(case, field, value, lang))}</td></tr>"
        )
    return f'<table><caption class="kg-id">{_e(path)}</caption>{"".join(rows)}</table>'


# ------------------------------------------------------------------------------- decisions


def decision_html(
    decision: Decision,
    lang: str | None = None,
    *,
    case: Case | None = None,
    records: Mapping[str, Text] | None = None,
    docs_url: str | None = None,
    style: bool = True,
    anchor: str | None = None,
) -> str:
    """A decision as a person reads it: verdict, reasons with the clause quoted and linked,
    facts relied on (as the case records them, when ``case`` is given), what is missing, the
    interpretation choices, warnings and the calendar used. ``records`` maps fact paths to
    their summaries where the case itself is not at hand (an audit report)."""
    lg = _lang(lang)
    url = _docs_url(docs_url)
    args = ", ".join(f"{_e(k)}=<b>{_e(v)}</b>" for k, v in decision.arguments.items())
    ident = f' id="{_e(anchor)}"' if anchor else ""
    out = [
        _style(style),
        f'<div class="kg kg-decision"{ident}>',
        '<div class="kg-head">',
        badge(decision.outcome, lg),
        f"<b>{_t(decision.title, lg)}</b>",
        "</div>",
        f'<div class="kg-sub"><span class="kg-id">{_e(decision.question)}</span> · {args}</div>',
    ]
    if decision.reasons:
        out.append(f"<h4>{_bi('Lý do', 'Reasons', lg)}</h4>")
    for reason in decision.reasons:
        decisive = " kg-decisive" if reason.decisive else ""
        status = STATUS_OUTCOME[reason.status]
        cites = "; ".join(_clause_link(q.clause, lg, url) for q in reason.quotes)
        out.append(f'<div class="kg-reason{decisive}">')
        out.append(
            f'<span class="kg-badge {OUTCOME_CLASS[status]}">{_t(STATUS_LABEL[reason.status], lg)}'
            f"</span> {_t(reason.explanation, lg)}"
        )
        out.append(f'<div class="kg-sub">{cites} — <span class="kg-id">{_e(reason.rule)}</span></div>')
        for quote in reason.quotes:
            out.append(f"<blockquote>«{_e(quote.text)}»</blockquote>")
        if reason.facts:
            out.append(_facts_html(reason.facts, case, records, lg))
        out.append("</div>")
    if decision.missing:
        out.append(f"<h4>{_bi('Còn thiếu', 'Missing facts', lg)}</h4><ul>")
        for m in decision.missing:
            out.append(
                f"<li><code>{_e(m.fact)}</code>: {_t(m.need, lg)} → <i>{_t(m.effect, lg)}</i></li>"
            )
        out.append("</ul>")
    if decision.interpretations:
        out.append(f"<h4>{_bi('Cách hiểu đã áp dụng', 'Interpretations relied on', lg)}</h4><ul>")
        for i in decision.interpretations:
            flag = Text("mặc định", "default") if i.default else Text("đã chọn", "chosen")
            out.append(
                f"<li>({i.point}) {_t(i.title, lg)}: <b>{_t(i.reading_text, lg)}</b> "
                f'<span class="kg-sub">[{_switch_link(i.switch, lg, url)}=<code>{_e(i.reading)}'
                f"</code>, {_t(flag, lg)}]</span></li>"
            )
        out.append("</ul>")
    if decision.warnings:
        out.append(f"<h4>{_bi('Cảnh báo', 'Warnings', lg)}</h4><ul>")
        out.extend(f'<li class="kg-warn">{_t(w, lg)}</li>' for w in decision.warnings)
        out.append("</ul>")
    foot = [f"{_bi('Bộ máy suy luận', 'Engine', lg)}: {_e(decision.engine)}"]
    if decision.calendar:
        foot.append(f"{_bi('Lịch', 'Calendar', lg)}: {_e(decision.calendar)}")
    out.append(f'<div class="kg-sub">{" · ".join(foot)}</div>')
    out.append("</div>")
    return "".join(out)


def _facts_html(facts: Sequence[str], case: Case | None, records: Mapping[str, Text] | None,
                lang: Lang) -> str:
    label = _bi("Dữ kiện", "Facts", lang)
    items = []
    for path in facts:
        summary = record_summary(case, path, lang) if case is not None else None
        if summary is None and records is not None and path in records:
            summary = records[path].get(lang)
        if summary is None:
            items.append(f"<code>{_e(path)}</code>")
        else:
            items.append(f"<code>{_e(path)}</code> ({_e(summary)})")
    return f'<div class="kg-facts">{label}: {"; ".join(items)}</div>'


# ------------------------------------------------------------------------------- tree


@attrs.frozen
class TreeNode:
    """One node of an explanation: its level, a label, an outcome mark, a code (the rule id of a
    reason, the clause id of a quoted text) and what lies under it."""

    level: str
    label: Text
    outcome: Outcome | None = None
    code: str = ""
    children: tuple[TreeNode, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "label": self.label.to_dict(),
            "outcome": None if self.outcome is None else self.outcome.value,
            "code": self.code,
            "children": [c.to_dict() for c in self.children],
        }


LEVELS = {
    "conclusion": Text("Kết luận", "Conclusion"),
    "condition": Text("Điều kiện", "Condition"),
    "reason": Text("Lý do", "Reason"),
    "clause": Text("Văn bản", "Text"),
    "fact": Text("Dữ kiện", "Fact"),
    "missing": Text("Còn thiếu", "Missing"),
}


@attrs.frozen
class ExplanationTree:
    """A decision explained as a tree: conclusion → conditions → reasons → clause and facts."""

    root: TreeNode
    lang: Lang = "vi"
    docs_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return self.root.to_dict()

    def render(self, lang: str | None = None) -> str:
        """The tree as indented text (for terminals and doctests)."""
        lg = check_lang(lang or self.lang)
        lines: list[str] = []

        def walk(node: TreeNode, depth: int) -> None:
            mark = f"[{OUTCOME_SYMBOL[node.outcome]}] " if node.outcome is not None else ""
            text = node.label.get(lg)
            if node.level == "clause":
                text = f"{cite(node.code, lg)}: «{text}»"
            elif node.code:
                text = f"{text} ({node.code})"
            lines.append(f"{'  ' * depth}{LEVELS[node.level].get(lg)}: {mark}{text}")
            for child in node.children:
                walk(child, depth + 1)

        walk(self.root, 0)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def html(self, lang: str | None = None, *, style: bool = True) -> str:
        lg = check_lang(lang or self.lang)

        def walk(node: TreeNode) -> str:
            mark = (
                f'<span class="kg-badge {OUTCOME_CLASS[node.outcome]}">'
                f"{OUTCOME_SYMBOL[node.outcome]}</span> "
                if node.outcome is not None
                else ""
            )
            if node.level == "clause":
                body = (f"{_clause_link(node.code, lg, self.docs_url)}"
                        f"<blockquote>«{_t(node.label, lg)}»</blockquote>")
            elif node.level == "fact":
                body = f"<code>{_t(node.label, lg)}</code>"
            else:
                body = _t(node.label, lg)
                if node.code:
                    body += f' <span class="kg-id">{_e(node.code)}</span>'
            kids = "".join(walk(c) for c in node.children)
            kids_html = f"<ul>{kids}</ul>" if kids else ""
            return (
                f'<li><span class="kg-lvl">{_t(LEVELS[node.level], lg)}</span>{mark}{body}'
                f"{kids_html}</li>"
            )

        return (
            f'{_style(style)}<div class="kg kg-explain"><ul class="kg-tree">{walk(self.root)}'
            "</ul></div>"
        )

    def _repr_html_(self) -> str:
        return self.html()


def explain_tree(
    decision: Decision, case: Case | None = None, lang: str | None = None,
    *, docs_url: str | None = None,
) -> ExplanationTree:
    """The decision as a tree: the conclusion, each condition of the question with its status,
    the reasons under each (the clause quoted), and under each reason the facts it relied on —
    as the case records them when ``case`` is given."""

    lg = _lang(lang)
    q = get_question(decision.question)
    conditions: list[TreeNode] = []
    for cond in q.conditions:
        reasons = [r for r in decision.reasons if r.condition == cond.name]
        if not reasons:
            continue
        status = reasons[0].status
        reason_nodes = []
        for r in reasons:
            kids = [TreeNode("clause", Text(quote.text, quote.text), code=quote.clause)
                    for quote in r.quotes]
            kids += [TreeNode("fact", _fact_label(case, path)) for path in r.facts]
            reason_nodes.append(TreeNode("reason", r.explanation, STATUS_OUTCOME[r.status],
                                         r.rule, tuple(kids)))
        for m in decision.missing:
            if m.condition == cond.name:
                reason_nodes.append(TreeNode(
                    "missing",
                    Text(f"{m.fact}: {m.need.vi} → {m.effect.vi}",
                         f"{m.fact}: {m.need.en} → {m.effect.en}"),
                ))
        label = Text(f"{cond.label.vi} — {STATUS_LABEL[status].vi}",
                     f"{cond.label.en} — {STATUS_LABEL[status].en}")
        conditions.append(TreeNode("condition", label, STATUS_OUTCOME[status], cond.name,
                                   tuple(reason_nodes)))
    args = ", ".join(f"{k}={v}" for k, v in decision.arguments.items())
    root = TreeNode(
        "conclusion",
        Text(
            f"{OUTCOME_LABEL[decision.outcome].vi} — {decision.title.vi} ({args})",
            f"{OUTCOME_LABEL[decision.outcome].en} — {decision.title.en} ({args})",
        ),
        decision.outcome,
        decision.question,
        tuple(conditions),
    )
    return ExplanationTree(root, lg, _docs_url(docs_url))


def _fact_label(case: Case | None, path: str) -> Text:
    if case is None or record_summary(case, path) is None:
        return Text(path, path)
    return Text(f"{path}: {record_summary(case, path, 'vi')}",
                f"{path}: {record_summary(case, path, 'en')}")


# ------------------------------------------------------------------------------- cases


def case_html(case: Case, lang: str | None = None, *, style: bool = True) -> str:
    """A case at a glance: its name, what it holds (how many records of each kind, which kinds
    are complete), the people and their positions, and the meetings."""
    lg = _lang(lang)
    fields = {f.name: f for f in attrs.fields(Case)}
    rows = []
    for kind in KIND_CLASSES:
        n = len(getattr(case, kind))
        if not n:
            continue
        meta = fields[kind].metadata
        complete = "✓" if kind in case.records_complete else ""
        rows.append(
            f'<tr><td>{_bi(meta["vi"], meta["en"], lg)} <span class="kg-id">{_e(kind)}</span></td>'
            f"<td>{n}</td><td>{complete}</td></tr>"
        )
    positions = []
    for pos in case.positions:
        end = _format_value(pos.end, lg)
        positions.append(
            f"<tr><td>{_e(pos.person)}</td><td>{_e(case.person(pos.person).name)}</td>"
            f"<td><code>{_e(pos.role.value)}</code></td><td>{_e(_format_value(pos.start, lg))}</td>"
            f"<td>{_e(end)}</td></tr>"
        )
    meetings = []
    for m in case.meetings:
        meetings.append(
            f"<tr><td>{_e(m.id)}</td><td><code>{_e(m.kind.value)}</code></td>"
            f"<td>{_e(_format_value(m.date, lg))}</td><td>{_e(m.quarter or '')}</td>"
            f"<td>{_e(_format_value(m.held, lg))}</td></tr>"
        )
    out = [
        _style(style),
        '<div class="kg kg-case">',
        f"<h3>{_e(case.name or Text('(hồ sơ không tên)', '(unnamed case)').get(lg))}</h3>",
        f"<p>{_e(case.description)}</p>" if case.description else "",
        f'<table><tr><th>{_bi("Loại hồ sơ", "Kind of record", lg)}</th><th>{_bi("Số bản ghi", "Records", lg)}'
        f'</th><th>{_bi("Đầy đủ", "Complete", lg)}</th></tr>{"".join(rows)}</table>',
    ]
    if positions:
        out.append(
            f"<h4>{_bi('Chức vụ trong Ban', 'Committee positions', lg)}</h4><table><tr>"
            f"<th>{_bi('Mã', 'Id', lg)}</th><th>{_bi('Họ tên', 'Name', lg)}</th>"
            f"<th>{_bi('Vị trí', 'Role', lg)}</th>"
            f"<th>{_bi('Từ ngày', 'From', lg)}</th><th>{_bi('Đến ngày', 'To', lg)}</th></tr>"
            f"{''.join(positions)}</table>"
        )
    if meetings:
        out.append(
            f"<h4>{_bi('Cuộc họp', 'Meetings', lg)}</h4><table><tr><th>{_bi('Mã', 'Id', lg)}</th>"
            f"<th>{_bi('Loại', 'Kind', lg)}</th><th>{_bi('Ngày họp', 'Day', lg)}</th>"
            f"<th>{_bi('Quý', 'Quarter', lg)}</th><th>{_bi('Đã họp', 'Held', lg)}</th></tr>"
            f"{''.join(meetings)}</table>"
        )
    out.append("</div>")
    return "".join(out)


# ------------------------------------------------------------------------------- catalogue


def question_html(q: Question, lang: str | None = None, *, style: bool = True,
                  docs_url: str | None = None) -> str:
    """One question: its title, arguments, conditions, clauses and interpretation switches."""
    lg = _lang(lang)
    url = _docs_url(docs_url)
    star = "★ " if q.starred else ""
    args = "".join(
        f"<li><code>{_e(a.name)}</code> ({_e(a.kind)}): {_t(a.help, lg)}</li>" for a in q.arguments
    )
    conds = "".join(f"<li><code>{_e(c.name)}</code>: {_t(c.label, lg)}</li>" for c in q.conditions)
    clauses = "; ".join(_clause_link(c, lg, url) for c in q.clauses)
    switches = ", ".join(_switch_link(s, lg, url) for s in q.switches) or "—"
    return (
        f'{_style(style)}<div class="kg kg-question"><b>{star}<span class="kg-id">{_e(q.id)}'
        f"</span></b> — {_t(q.title, lg)}"
        f"<div>{_bi('Điều khoản', 'Clauses', lg)}: {clauses}</div>"
        f"<div>{_bi('Tham số', 'Arguments', lg)}:<ul>{args}</ul></div>"
        f"<div>{_bi('Điều kiện', 'Conditions', lg)}:<ul>{conds}</ul></div>"
        f"<div>{_bi('Cách hiểu liên quan', 'Interpretation switches', lg)}: {switches}</div>"
        f'<div class="kg-sub">{len(q.rules)} {_e(Text("luật", "rules").get(lg))}</div></div>'
    )


def catalogue_html(questions: Sequence[Question], lang: str | None = None, *, style: bool = True,
                   docs_url: str | None = None) -> str:
    """The catalogue as a table: one row per question, ★ for the fixed flagship ids."""
    lg = _lang(lang)
    url = _docs_url(docs_url)
    rows = []
    for q in questions:
        star = "★ " if q.starred else ""
        args = ", ".join(f"{a.name}" for a in q.arguments)
        rows.append(
            f'<tr><td>{star}<span class="kg-id">{_e(q.id)}</span></td><td>{_t(q.title, lg)}</td>'
            f"<td><code>{_e(args)}</code></td>"
            f"<td>{'; '.join(_clause_link(c, lg, url) for c in q.clauses)}</td>"
            f"<td>{', '.join(f'<code>{_e(s)}</code>' for s in q.switches)}</td></tr>"
        )
    return (
        f'{_style(style)}<div class="kg kg-catalogue"><table><tr>'
        f"<th>{_bi('Mã câu hỏi', 'Question id', lg)}</th><th>{_bi('Câu hỏi', 'Question', lg)}</th>"
        f"<th>{_bi('Tham số', 'Arguments', lg)}</th><th>{_bi('Điều khoản', 'Clauses', lg)}</th>"
        f"<th>{_bi('Cách hiểu', 'Switches', lg)}</th></tr>{''.join(rows)}</table></div>"
    )


class CatalogueView(list[Question]):
    """The catalogue as a list of questions that displays as a table in Jupyter."""

    def _repr_html_(self) -> str:
        return catalogue_html(self)


def catalogue_view() -> CatalogueView:
    """Every question of the catalogue (``kgrules.questions()``), displayed as a table."""

    return CatalogueView(questions())


# ------------------------------------------------------------------------------- display


def show(obj: object, lang: str = "en", *, case: Case | None = None) -> Html:
    """Any of the objects above as HTML in a chosen language (``show(decision, "en")``); with
    ``case``, a decision's facts are shown as the case records them."""
    lg = check_lang(lang)
    if isinstance(obj, Decision):
        return Html(decision_html(obj, lg, case=case))
    if isinstance(obj, Case):
        return Html(case_html(obj, lg))
    if isinstance(obj, Question):
        return Html(question_html(obj, lg))
    if isinstance(obj, ExplanationTree):
        return Html(obj.html(lg))
    if isinstance(obj, list) and all(isinstance(q, Question) for q in obj):
        return Html(catalogue_html(obj, lg))
    to_html = getattr(obj, "to_html", None)
    if callable(to_html):
        return Html(str(to_html(lang=lg)))
    raise TypeError(f"no HTML view for {type(obj).__name__}")


def _register() -> None:
    """Give the library's classes their Jupyter display (in the process's chosen language)."""
    setattr(Decision, "_repr_html_", lambda self: decision_html(self))  # noqa: B010
    setattr(Case, "_repr_html_", lambda self: case_html(self))  # noqa: B010
    setattr(Question, "_repr_html_", lambda self: question_html(self))  # noqa: B010


_register()
