"""The project's copy of the regulation: clause ids, their text, and how to cite them.

One place knows the law's words: rules carry clause ids, never copies of the text, so a
correction of the text is made once, in ``kgrules/data/clauses.tsv``.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

import attrs

from kgrules.i18n import Lang, Text

TITLE = Text(
    "Quy chế hoạt động của Ban Chỉ đạo Công nghệ thông tin tỉnh Kiên Giang "
    "(ban hành kèm theo Quyết định số 1507/QĐ-UBND ngày 23/6/2008)",
    "Operating rules of the Kiên Giang provincial IT Steering Committee "
    "(issued with Decision 1507/QĐ-UBND of 23 June 2008)",
)


@attrs.frozen
class Clause:
    """One citable unit of the canonical index (a khoản, an đoạn, or a whole Điều)."""

    id: str
    article: str
    unit: str
    number: int | None
    line: int
    text: str

    @property
    def article_number(self) -> int | None:
        head = self.id.split("/")[0]
        return int(head.split("-")[1]) if head.startswith("dieu-") else None

    def citation(self, lang: Lang = "vi") -> str:
        return cite(self.id, lang)


@functools.cache
def clauses() -> dict[str, Clause]:
    """The canonical clause index, in the order of the text."""
    raw = resources.files("kgrules").joinpath("data/clauses.tsv").read_text(encoding="utf-8")
    out: dict[str, Clause] = {}
    for row in csv.DictReader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE):
        number = int(row["number"]) if row["number"] else None
        out[row["id"]] = Clause(
            row["id"], row["article"], row["unit"], number, int(row["line"]), row["text"]
        )
    return out


#: The regulation's own misspellings, kept verbatim in the text (``clauses.tsv`` and the full
#: text are the law's words, not ours) and marked ``[sic]`` wherever a page quotes them, so a
#: reader does not take them for our typos: "trường họp" for "trường hợp" (đoạn 5 Điều 10).
SIC: dict[str, tuple[str, ...]] = {"dieu-10/doan-5": ("trường họp",)}


def marked(clause_id: str) -> str:
    """The clause's text for a reader: verbatim, each of its known misspellings marked [sic]."""
    text = clause(clause_id).text
    for word in SIC.get(clause_id, ()):
        text = text.replace(word, f"{word} [sic]")
    return text


def clause(clause_id: str) -> Clause:
    try:
        return clauses()[clause_id]
    except KeyError:
        raise KeyError(f"no clause {clause_id!r} in the canonical index") from None


@functools.cache
def full_text() -> str:
    path = resources.files("kgrules").joinpath("data/quyet-dinh-1507-2008.vi.txt")
    return path.read_text(encoding="utf-8")


def cite(clause_id: str, lang: Lang = "vi") -> str:
    """Render a citation: "đoạn 5 Điều 10" / "Article 10, paragraph 5"."""
    c = clause(clause_id)
    if c.id.startswith("qd/"):
        decision = "Quyết định 1507/QĐ-UBND"
        if c.unit == "dieu":
            n = c.id.split("-")[1]
            return f"Điều {n} {decision}" if lang == "vi" else f"Article {n} of Decision 1507"
        # "Quyết định này có hiệu lực kể từ ngày ký" is the second paragraph of the decision's Điều 2.
        return f"đoạn 2 Điều 2 {decision}" if lang == "vi" else "Decision 1507, Article 2, paragraph 2"
    article = c.article_number
    if c.unit == "dieu":
        return f"Điều {article}" if lang == "vi" else f"Article {article}"
    if c.unit == "khoan":
        return f"khoản {c.number} Điều {article}" if lang == "vi" else f"Article {article}({c.number})"
    return f"đoạn {c.number} Điều {article}" if lang == "vi" else f"Article {article}, paragraph {c.number}"


def cite_all(clause_ids: tuple[str, ...] | list[str], lang: Lang = "vi") -> str:
    return "; ".join(cite(cid, lang) for cid in clause_ids)
