"""The sample the counterfactual search's coverage is measured on, and the measurement.

Twelve derandomized generated committees (default readings), every question of the catalogue
drawn once on each: the ``no`` answers among them are the sample. Run
``python -m tests.library.counterfactual_sample [--baseline OLD.py]`` to print the verdicts
(found / impossible / bound) and the search's time; with ``--baseline`` an older
``kgrules/counterfactual.py`` (``git show REV:kgrules/counterfactual.py > OLD.py``) is
measured on the same sample in the same run, so the two are compared as a ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import sys
import time
from collections import Counter
from collections.abc import Callable
from types import ModuleType
from typing import Any

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from kgrules import Case, Outcome, ask, questions
from kgrules import catalogue as catalogue_module
from kgrules.decision import WhatIf
from kgrules.oracle import OracleEngine
from kgrules.testing import committee_cases, questions_for

ORACLE = OracleEngine()
#: How many committees the sample draws.
COMMITTEES = 12

Sample = list[tuple[Case, str, dict[str, Any]]]


def sample(committees: int = COMMITTEES) -> Sample:
    """The ``no`` answers of the sample: (case, question id, arguments), always the same."""
    out: Sample = []
    ids = [q.id for q in questions()]
    seen: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()

    @settings(max_examples=committees, derandomize=True, database=None,
              phases=[Phase.generate], deadline=None)
    @given(data=st.data(), case=committee_cases())
    def draw(data: st.DataObject, case: Case) -> None:
        for qid in ids:
            found = questions_for(case, [qid])
            if found.is_empty:
                continue
            qid, args = data.draw(found, label=qid)
            decision = ask(qid, case, engine=ORACLE, counterfactuals=False, **args)
            key = (case.to_json(), qid, tuple(sorted(args.items())))
            if decision.outcome is Outcome.NO and key not in seen:  # an example replayed
                seen.add(key)
                out.append((case, qid, args))

    draw()
    return out


def measure(cases: Sample, search: Callable[..., WhatIf] | None = None
            ) -> tuple[list[WhatIf], float]:
    """The what-if of every ``no`` of ``cases`` (with ``search`` in place of the library's),
    and the seconds spent searching."""
    real = catalogue_module.counterfactual_search
    if search is not None:
        catalogue_module.counterfactual_search = search
    try:
        out: list[WhatIf] = []
        spent = 0.0
        for case, qid, args in cases:
            decision = ask(qid, case, engine=ORACLE, **args)
            start = time.perf_counter()
            what_if = decision.what_if
            spent += time.perf_counter() - start
            assert what_if is not None
            out.append(what_if)
        return out, spent
    finally:
        catalogue_module.counterfactual_search = real


def _load(path: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location("kgrules_counterfactual_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", help="an older kgrules/counterfactual.py to compare with")
    parser.add_argument("--committees", type=int, default=COMMITTEES)
    parser.add_argument("-v", "--verbose", action="store_true", help="list each no")
    opts = parser.parse_args(argv)
    cases = sample(opts.committees)
    runs: list[tuple[str, Any]] = []
    if opts.baseline:
        older = _load(opts.baseline).search

        def baseline(*args: Any, **optional: Any) -> WhatIf:
            known = {k: v for k, v in optional.items()  # what the older search takes
                     if k in inspect.signature(older).parameters}
            answer: WhatIf = older(*args, **known)
            return answer

        runs.append(("baseline", baseline))
    runs.append(("current", None))
    times = dict.fromkeys((name for name, _ in runs), 0.0)
    found: dict[str, list[WhatIf]] = {name: [] for name, _ in runs}
    # One decision at a time under each search in turn, so that the machine's load and warm
    # caches weigh on both alike.
    for one in cases:
        for name, search in runs:
            results, spent = measure([one], search)
            times[name] += spent
            found[name] += results
    for name, _ in runs:
        results = found[name]
        counts = Counter(w.verdict for w in results)
        print(f"{name}: {len(results)} no; found {counts['found']} / impossible "
              f"{counts['impossible']} / bound {counts['bound']}; trials "
              f"{sum(w.trials for w in results)}")
        if opts.verbose:
            for (_case, qid, args), w in zip(cases, results, strict=True):
                print(f"  {w.verdict:10} {w.trials:3} {qid} {args}")
    if "baseline" in times:
        print(f"search time current/baseline: {times['current'] / times['baseline']:.2f}")


if __name__ == "__main__":
    main()
