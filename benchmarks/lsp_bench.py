"""Latency of `statute lsp` as an editor feels it: diagnostics after an edit, completion in a feature file.

Run ``.venv/bin/python benchmarks/lsp_bench.py`` (``--edits N --completions N --json FILE``).
The server runs as a subprocess spoken to through pygls's LanguageClient
(:mod:`statute.lsp.client`), with the enacted Act and a feature file about it open:

* **diagnostics after an edit** — an incremental edit inside one provision of
  ``statute/acts/enacted.law`` (the definition ``regulated_activity``: alternately a misspelt
  phrase and the phrase put back, so every other check finds an E303; and a letter more in its
  note each time, so no text repeats and the parse cache never answers), timed from sending
  the edit to receiving the diagnostics for that version. ``--outside`` edits the Act's header
  note instead, which no provision holds: then the whole file is re-parsed.
  Edits are spaced beyond the debounce, as a drafter's pauses are, so each is checked at
  once; the open feature file is re-checked after each, as it is in an editor.
* **completion in a feature file** — requests on a Given step and on a Then step,
  alternately, with some of the sentence typed.

Goals: median and 95th percentile under 50 ms each. Floors, timed interleaved in the same run:
for diagnostics, loading the edited text in-process with a cold parse cache (what
``statute check`` does for the file); for completion, the round trip of a hover the server
answers with nothing (the protocol's own cost).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types as t

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from statute import loader  # noqa: E402
from statute.lsp.client import Driver  # noqa: E402
from statute.source import Source  # noqa: E402

ENACTED = ROOT / "statute" / "acts" / "enacted.law"
FEATURE = ROOT / "features" / "enacted" / "duty_to_notify.feature"
GOAL_MS = 50.0
#: Seconds between edits: longer than the server's debounce, and than the feature's re-check it sets off.
PAUSE = 0.6


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    return {"median_ms": statistics.median(values) * 1000, "p95_ms": percentile(values, 0.95) * 1000,
            "n": len(values)}


def _cold_load(text: str) -> float:
    """The floor for diagnostics: the edited Act loaded in-process, the parse cache cold."""
    loader._cache.clear()
    gc.collect()
    start = time.perf_counter()
    loader.load_sources([Source(str(ENACTED), text)], str(ENACTED))
    return time.perf_counter() - start


async def measure(edits: int, completions: int, feature_open: bool = True, outside: bool = False) -> dict[str, object]:
    driver = Driver(ROOT)
    await driver.start()
    try:
        await driver.open(ENACTED)
        if feature_open:
            await driver.open(FEATURE)
        text = ENACTED.read_text(encoding="utf-8")
        needle = '"{person} is a teacher"'
        # both edits inside one provision; or (outside) in the terms block and the Act's header
        provision = 0 if outside else text.index("definition regulated_activity")
        offset = text.index(needle, provision)
        line = text.count("\n", 0, offset)
        column = offset - (text.rfind("\n", 0, offset) + 1) + len('"{person} is a teache')
        note = text.index('note "', provision)
        note_line = text.count("\n", 0, note)
        note_column = note - (text.rfind("\n", 0, note) + 1) + len('note "')
        assert note_line != line
        after: list[float] = []
        floor: list[float] = []
        typo = False
        for count in range(edits):
            await asyncio.sleep(PAUSE)
            typo = not typo
            span = t.Range(t.Position(line, column), t.Position(line, column + (0 if typo else 1)))
            grow = t.Range(t.Position(note_line, note_column), t.Position(note_line, note_column))
            gc.collect()
            start = time.perf_counter()
            uri = driver.change(ENACTED, span, "x" if typo else "", (grow, "n"))
            found = await driver.wait(uri)
            after.append(time.perf_counter() - start)
            assert any(d.code == "E303" for d in found) == typo, "the edit did not reach the diagnostics"
            edited = text[:note + len('note "')] + "n" * (count + 1) + text[note + len('note "'):]
            cut = offset + len(needle) - 1 + count + 1 if note < offset else offset + len(needle) - 1
            edited = edited[:cut] + ("x" if typo else "") + edited[cut:]
            floor.append(_cold_load(edited))
        lines = FEATURE.read_text(encoding="utf-8").split("\n")
        given = next(i for i, s in enumerate(lines) if s.strip() == "Given Alice is a teacher")
        then = next(i for i, s in enumerate(lines) if s.strip().startswith("Then Alice is under duty_to_notify"))
        blank = next(i for i, s in enumerate(lines) if not s.strip())
        lines[given] = "    Given Alice is a t"
        lines[then] = "      Then Alice has breached "
        await driver.open(FEATURE, "\n".join(lines))
        await asyncio.sleep(PAUSE)
        completion: list[float] = []
        protocol: list[float] = []
        for index in range(completions):
            where = (given, len(lines[given])) if index % 2 == 0 else (then, len(lines[then]))
            gc.collect()
            start = time.perf_counter()
            items = await driver.completion(FEATURE, *where)
            completion.append(time.perf_counter() - start)
            assert items.items, "no completion"
            start = time.perf_counter()
            await driver.hover(FEATURE, blank, 0)
            protocol.append(time.perf_counter() - start)
    finally:
        await driver.stop()
    rows = {
        "diagnostics after an edit of the enacted Act": {**summary(after), "floor": summary(floor),
                                                         "floor_is": "in-process load, parse cache cold"},
        "completion in a feature file": {**summary(completion), "floor": summary(protocol),
                                         "floor_is": "round trip of an empty hover"},
    }
    for row in rows.values():
        assert isinstance(row, dict)
        floor_row = row["floor"]
        assert isinstance(floor_row, dict)
        row["ratio_to_floor"] = row["median_ms"] / floor_row["median_ms"] if floor_row["median_ms"] else None
        row["met"] = row["median_ms"] < GOAL_MS and row["p95_ms"] < GOAL_MS
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Latency of statute lsp (benchmarks/README.md).")
    parser.add_argument("--edits", type=int, default=60, help="edits timed (default 60)")
    parser.add_argument("--completions", type=int, default=200, help="completion requests timed (default 200)")
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--without-feature", action="store_true",
                        help="edit the Act with no feature file open (nothing else re-checked after an edit)")
    parser.add_argument("--outside", action="store_true",
                        help="edit the terms block and the Act's header, which no provision holds (a whole re-parse)")
    args = parser.parse_args(argv)
    rows = asyncio.run(measure(args.edits, args.completions, not args.without_feature, args.outside))
    for name, row in rows.items():
        assert isinstance(row, dict)
        floor = row["floor"]
        assert isinstance(floor, dict)
        print(f"{name}: median {row['median_ms']:.1f} ms, p95 {row['p95_ms']:.1f} ms (n={row['n']}); goal < "
              f"{GOAL_MS:.0f} ms: {'met' if row['met'] else 'NOT met'}; floor ({row['floor_is']}) median "
              f"{floor['median_ms']:.1f} ms, p95 {floor['p95_ms']:.1f} ms; ratio {row['ratio_to_floor']:.2f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
