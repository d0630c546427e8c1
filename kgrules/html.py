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
* :func:`compare_readings`: one question under each reading of each interpretation switch it
  depends on, side by side.
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
import itertools
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from kgrules.case import KIND_CLASSES, Case
from kgrules.decision import OUTCOME_LABEL, STATUS_LABEL, Decision, Outcome, WhatIf
from kgrules.dsl import Question, Status
from kgrules.i18n import Lang, Text, check_lang
from kgrules.interpretations import SWITCHES
from kgrules.regulation import cite

__all__ = [
    "CSS",
    "ExplanationTree",
    "Html",
    "ReadingComparison",
    "case_html",
    "catalogue_html",
    "catalogue_view",
    "clause_anchor",
    "compare_readings",
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
        if case.has_person(value):
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
            out.append(_facts_html(reason.facts, case, records, lg, reason.records))
        out.append("</div>")
    if decision.missing:
        out.append(f"<h4>{_bi('Còn thiếu', 'Missing facts', lg)}</h4><ul>")
        for m in decision.missing:
            out.append(
                f"<li><code>{_e(m.fact)}</code>: {_t(m.need, lg)} → <i>{_t(m.effect, lg)}</i></li>"
            )
        out.append("</ul>")
    if decision.what_if is not None:
        out.append(_what_if_html(decision.what_if, lg))
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


def _what_if_html(what_if: WhatIf, lg: Lang) -> str:
    """The counterfactuals of a ``no``: each option a list of changes of the case."""
    title = _bi("Để kết luận thành CÓ (một trong các cách)", "What would make it yes (any one of)",
                lg)
    out = [f'<h4>{title}</h4><ol class="kg-whatif">']
    for option in what_if.options:
        out.append("<li><ul>" + "".join(f"<li>{_t(c.text, lg)}</li>" for c in option.changes)
                   + "</ul></li>")
    out.append("</ol>")
    if not what_if.options:
        out.append(f"<p>{_t(what_if.summary(), lg)}</p>")
        if what_if.unmapped:
            out.append("<ul>" + "".join(f"<li>{_t(u, lg)}</li>" for u in what_if.unmapped)
                       + "</ul>")
    return "".join(out)


def _facts_html(facts: Sequence[str], case: Case | None, records: Mapping[str, Text] | None,
                lang: Lang, names: Sequence[str] = ()) -> str:
    """Each fact by its record's id (``names``), the path beside it in small print."""
    label = _bi("Dữ kiện", "Facts", lang)
    items = []
    for n, path in enumerate(facts):
        name = names[n] if n < len(names) else path
        shown = f"<b>{_e(name)}</b> <code>{_e(path)}</code>" if name != path else (
            f"<code>{_e(path)}</code>")
        summary = record_summary(case, path, lang) if case is not None else None
        if summary is None and records is not None and path in records:
            summary = records[path].get(lang)
        if summary is None:
            items.append(shown)
        else:
            items.append(f"{shown} ({_e(summary)})")
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
    from kgrules.catalogue import question as get_question

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


# ------------------------------------------------------------------------------- readings


@attrs.frozen
class Reading:
    """One column of a comparison: the readings chosen, and the answer under them."""

    label: Text
    settings: Mapping[str, str]
    varied: tuple[str, ...]
    decision: Decision

    @property
    def is_default(self) -> bool:
        return all(self.settings[s] == SWITCHES[s].default for s in self.varied)

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label.to_dict(),
            "interpretations": dict(self.settings),
            "varied": list(self.varied),
            "default": self.is_default,
            "outcome": self.decision.outcome.value,
            "decision": self.decision.to_dict(),
        }


@attrs.frozen
class ReadingComparison:
    """The same question asked under each reading of the switches it depends on."""

    question: str
    title: Text
    arguments: Mapping[str, str]
    switches: tuple[str, ...]
    columns: tuple[Reading, ...]
    lang: Lang = "vi"

    @property
    def outcomes(self) -> dict[str, str]:
        """Each column's label (English) and its outcome."""
        return {c.label.en: c.decision.outcome.value for c in self.columns}

    @property
    def reading_matters(self) -> bool:
        """Whether the answer depends on the reading chosen (some columns differ)."""
        return len({c.decision.outcome for c in self.columns}) > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "title": self.title.to_dict(),
            "arguments": dict(self.arguments),
            "switches": list(self.switches),
            "reading_matters": self.reading_matters,
            "columns": [c.to_dict() for c in self.columns],
        }

    def render(self, lang: str | None = None) -> str:
        lg = check_lang(lang or self.lang)
        head = Text("Câu hỏi", "Question").get(lg)
        lines = [f"{head}: {self.question} — {self.title.get(lg)}",
                 "  " + ", ".join(f"{k}={v}" for k, v in self.arguments.items())]
        width = max((len(c.label.get(lg)) for c in self.columns), default=0)
        for c in self.columns:
            mark = " *" if c.is_default else ""
            lines.append(f"  {c.label.get(lg):<{width}}  {OUTCOME_LABEL[c.decision.outcome].get(lg)}{mark}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()

    def html(self, lang: str | None = None, *, style: bool = True) -> str:
        lg = check_lang(lang or self.lang)
        head = "".join(
            f'<th class="{"kg-default" if c.is_default else ""}">{_t(c.label, lg)}'
            + (f' <span class="kg-sub">({_e(Text("mặc định", "default").get(lg))})</span>'
               if c.is_default else "")
            + "</th>"
            for c in self.columns
        )
        verdicts = "".join(f"<td>{badge(c.decision.outcome, lg)}</td>" for c in self.columns)
        why = "".join(
            "<td>" + "<br>".join(
                f"{_t(r.explanation, lg)} <span class=\"kg-sub\">({_e(cite(r.clauses[0], lg))})</span>"
                for r in c.decision.reasons if r.decisive
            ) + "</td>"
            for c in self.columns
        )
        args = ", ".join(f"{_e(k)}=<b>{_e(v)}</b>" for k, v in self.arguments.items())
        note = (
            Text("Kết luận thay đổi theo cách hiểu.", "The answer depends on the reading.")
            if self.reading_matters
            else Text("Kết luận giống nhau dưới mọi cách hiểu.",
                      "The answer is the same under every reading.")
        )
        return (
            f'{_style(style)}<div class="kg kg-compare"><b>{_t(self.title, lg)}</b>'
            f'<div class="kg-sub"><span class="kg-id">{_e(self.question)}</span> · {args}</div>'
            f'<table class="kg-cmp"><tr><th>{_bi("Cách hiểu", "Reading", lg)}</th>{head}</tr>'
            f'<tr><th>{_bi("Kết luận", "Answer", lg)}</th>{verdicts}</tr>'
            f'<tr><th>{_bi("Lý do quyết định", "Deciding reasons", lg)}</th>{why}</tr></table>'
            f"<p>{_t(note, lg)}</p></div>"
        )

    def _repr_html_(self) -> str:
        return self.html()


def compare_readings(
    question_id: str,
    case: Case,
    *,
    lang: str = "vi",
    interpretations: Mapping[str, str] | None = None,
    all_combinations: bool = False,
    calendar: Any = None,
    engine: Any = None,
    **arguments: Any,
) -> ReadingComparison:
    """Ask one question under each reading of each interpretation switch it depends on.

    By default each switch is varied alone, the others at their default (or as given in
    ``interpretations``); ``all_combinations=True`` asks every combination instead. The first
    column is the baseline (every switch as given, defaults otherwise).
    """
    from kgrules.catalogue import ask, question

    lg = check_lang(lang)
    q = question(question_id)
    base = {s: SWITCHES[s].default for s in q.switches}
    for name, reading in (interpretations or {}).items():
        if name in base:
            base[name] = reading
    plans: list[tuple[dict[str, str], tuple[str, ...]]] = []
    if all_combinations:
        names = list(q.switches)
        for combo in itertools.product(*(list(SWITCHES[s].readings) for s in names)):
            plans.append((dict(zip(names, combo, strict=True)), tuple(names)))
    else:
        plans.append((dict(base), ()))
        for s in q.switches:
            for reading in SWITCHES[s].readings:
                if reading != base[s]:
                    plans.append(({**base, s: reading}, (s,)))
    extra = {k: v for k, v in (interpretations or {}).items() if k not in base}
    columns: list[Reading] = []
    for chosen, varied in plans:
        d = ask(question_id, case, interpretations={**extra, **chosen}, calendar=calendar,
                engine=engine, **arguments)
        columns.append(Reading(_reading_label(chosen, varied), chosen, varied, d))
    return ReadingComparison(q.id, q.title, columns[0].decision.arguments, q.switches,
                             tuple(columns), lg)


def _reading_label(chosen: Mapping[str, str], varied: Iterable[str]) -> Text:
    varied = list(varied)
    if not varied:
        return Text("Cơ sở (mặc định)", "Baseline (defaults)") if all(
            chosen[s] == SWITCHES[s].default for s in chosen
        ) else Text("Cơ sở (như đã chọn)", "Baseline (as chosen)")
    vi = "; ".join(f"({SWITCHES[s].point}) {SWITCHES[s].readings[chosen[s]].vi}" for s in varied)
    en = "; ".join(f"({SWITCHES[s].point}) {SWITCHES[s].readings[chosen[s]].en}" for s in varied)
    code = ", ".join(f"{s}={chosen[s]}" for s in varied)
    return Text(f"{vi} [{code}]", f"{en} [{code}]")


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
    from kgrules.catalogue import questions

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
    if isinstance(obj, ExplanationTree | ReadingComparison):
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
    from kgrules.audit import LANES

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
    from kgrules.audit import GROUPS

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
    from kgrules.audit import GROUPS, switches_in

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
    from kgrules.audit import LANES

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
