"""Bilingual text: Vietnamese first, English second, everywhere a person reads."""

from __future__ import annotations

from typing import Any, Literal

import attrs

from kgrules.errors import InputError

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


@attrs.frozen
class Text:
    """A sentence in Vietnamese and English; templates use ``{name}`` placeholders."""

    vi: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en

    def format(self, **values: Any) -> Text:
        return Text(self.vi.format(**values), self.en.format(**values))

    def to_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise InputError("lang", f"must be one of {', '.join(LANGS)}, not {lang!r}")
    return "vi" if lang == "vi" else "en"


def ordinal_en(n: int) -> str:
    """An English day-of-month ordinal (15th, 21st, 22nd, 23rd): for prose rendered from the dated
    parameters rather than written out."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
