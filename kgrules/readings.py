"""One question under each reading of the interpretation switches it depends on, side by side:
an analysis (it asks the catalogue once per combination of readings), shown as HTML in Jupyter.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from kgrules.case import Case
from kgrules.catalogue import ask, question
from kgrules.decision import OUTCOME_LABEL, Decision
from kgrules.html import _bi, _e, _style, _t, badge
from kgrules.i18n import Lang, Text, check_lang
from kgrules.interpretations import SWITCHES
from kgrules.regulation import cite

__all__ = ["Reading", "ReadingComparison", "compare_readings"]


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

    def to_html(self, lang: str | None = None) -> str:
        """The comparison as HTML (what :func:`kgrules.html.show` displays)."""
        return self.html(lang)

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


