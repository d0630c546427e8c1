"""The cyclic garbage collector paused while a question, a batch or an audit is answered
(issue 14, items 2 and 3).

A question's objects (its facts, the engine's conclusions, the reasons) stay alive until it is
answered, so every collection made meanwhile traverses them, and the loaded case, for nothing.
With many records under one key the count of collections grows with the records and the cost
of each with the heap: at 20,000 records on one meeting a question spent about 40 % of its CPU
in 650 young and 4 full collections, and the time per question grew faster than the records.
Reference counting still frees everything a question drops; cyclic garbage made during the
question is collected once the pause ends, by the collector's usual schedule.

The collector is process-wide, so the pause is held by one thread at a time and lasts one
question of that thread (its nested questions inside it): another thread asking meanwhile runs
within the pause while it lasts and does not extend it, so under any load the collector is
enabled again after each pausing question. A collector already disabled when a question
begins is left disabled (one disabled by another thread during a paused question is
enabled again when that question ends).
A batch or an audit keeps every decision it makes, so its heap grows by thousands of long-lived
objects, each growth setting off a full collection that walks them all (13 % of a
10,000-expenditure audit): ``kgrules.ask_many`` and ``kgrules.audit`` take the same pause for
their whole run (the questions inside it are nested in it).
``KGRULES_GC_PAUSE=0`` in the environment (read at import) turns the pause off.

A paused collector still counts allocations: when the pause of an audit ends, everything the
audit made and kept (every finding: about 24 tracked objects each) is in the youngest
generation, over its threshold, so the first allocation after the pause walks them all in a
young collection, the next middle collection walks them again, and the count of survivors then
sets off a full collection: about 0.3–0.5 s after a 10,000-expenditure audit of about 3 s,
paid by whatever the caller does next. :class:`paused_batch` (the pause of an audit or a batch)
therefore ends by moving the objects that survived it straight to the oldest generation
(``gc.freeze()`` then ``gc.unfreeze()``: two list splices, and the youngest count reset), as
the collections would have after walking them; nothing is left frozen, and cyclic garbage made
meanwhile is collected by the next full collection. Not done when the process holds frozen
objects of its own (``gc.get_freeze_count()``): unfreezing would move them too.
"""

from __future__ import annotations

import gc
import os

__all__ = ["ENABLED", "paused_batch", "paused_gc"]

#: Whether questions pause the collector (``KGRULES_GC_PAUSE=0`` turns it off).
ENABLED: bool = os.environ.get("KGRULES_GC_PAUSE", "1").strip() not in ("0", "false", "no")

#: The pause, to be held by one thread at a time: taken by popping its token, given back by
#: appending it (each one C call, atomic under the GIL: cheaper than a lock taken on entering
#: and again on leaving, which every question paid).
_TOKEN: list[bool] = [True]


class paused_gc:
    """Within the block, no cyclic collection runs, unless the pause is held by another thread
    (then nothing changes) or is off. The collector is enabled again on leaving, also on an
    error, by the thread that disabled it. A class, not a ``contextlib`` generator: every
    question enters it, and entering and leaving the generator cost several times more."""

    __slots__ = ("_mine",)

    def __init__(self) -> None:
        self._mine = False

    def __enter__(self) -> None:
        if not ENABLED or not _TOKEN or not gc.isenabled():
            return  # off, held (by this thread's outer question or another thread), or off by the caller
        try:
            _TOKEN.pop()
        except IndexError:  # another thread took it since
            return
        gc.disable()
        self._mine = True

    def __exit__(self, *exc: object) -> None:
        if self._mine:
            self._mine = False
            gc.enable()
            _TOKEN.append(True)


class paused_batch(paused_gc):
    """:class:`paused_gc` for an audit or a batch, which keep what they make: on leaving, the
    objects that survived the pause go straight to the oldest generation (module docstring),
    so that the collector does not walk every decision kept in the next young and middle
    collections, and then again in the full one their count would set off."""

    __slots__ = ()

    def __exit__(self, *exc: object) -> None:
        if self._mine and gc.get_freeze_count() == 0:
            gc.freeze()  # the young generations' objects (and the old) into the permanent one,
            gc.unfreeze()  # and back into the oldest: what surviving collections does, unwalked
        super().__exit__(*exc)
