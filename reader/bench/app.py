"""The app, timed headless in a child process: launch to first screen, Enter to
results, peak memory.

Apart from the run because it is the one part of the bench that imports Textual, and
only in the child (``python -m reader.bench --tui-child …``), so that the parent's
imports and memory do not count.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

#: What the app benchmark types (then Enter).
TUI_QUERY = "oil prices"


def tui_child(corpus: str, index_dir: str, history: str, query: str, launched: float) -> None:
    """Run the app headless over a built index; print one JSON line of what it took.

    ``launched`` is the parent's wall clock just before it started this process, so the
    first screen includes the interpreter's start and every import.
    """
    import asyncio
    import resource

    from ..tui import ReaderApp
    from ..userdata import QueryHistory

    out: dict[str, float] = {}
    search_seconds: list[float] = []

    async def run() -> None:
        events: dict[str, asyncio.Event] = {"IndexUpdated": asyncio.Event(), "IndexFailed": asyncio.Event(),
                                            "SearchFinished": asyncio.Event(), "Shown": asyncio.Event()}
        stamps: dict[str, float] = {}

        def hook(message) -> None:
            # Called as each message is taken off a queue, before its handler runs. The
            # results list posts ``Opened`` for its first row once it has been filled.
            name = type(message).__name__
            if name == "SearchFinished" and not events["SearchFinished"].is_set():
                stamps["finished"] = time.perf_counter()
                search_seconds.append(message.result.seconds)
            elif name == "Opened" and events["SearchFinished"].is_set() and not events["Shown"].is_set():
                stamps["shown"] = time.perf_counter()
                events["Shown"].set()
            event = events.get(name)
            if event is not None:
                event.set()

        app = ReaderApp(Path(corpus), Path(index_dir), history=QueryHistory(Path(history)),
                        show_timings=False, blink=False)
        async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
            screen = app.screen
            while not (getattr(screen, "searcher", None) is not None and app.focused is not None
                       and app.focused is getattr(screen, "search_bar", None)):
                await asyncio.sleep(0)
                screen = app.screen
            out["first_screen_s"] = time.time() - launched
            # The app checks the index for changes at start (a child process): let it finish
            # so that it does not compete with the keystroke for the CPU.
            done = asyncio.ensure_future(events["IndexUpdated"].wait())
            failed = asyncio.ensure_future(events["IndexFailed"].wait())
            await asyncio.wait([done, failed], return_when=asyncio.FIRST_COMPLETED, timeout=120)
            done.cancel(), failed.cancel()
            await pilot.pause()
            latencies = []
            for text in (query, "government") * 3 + (query,):  # a median of 7: the machines are noisy
                screen.search_bar.focus()  # Enter with results moves the focus to them
                screen.search_bar.value = ""
                await pilot.press(*text)
                await pilot.pause()
                events["SearchFinished"].clear()
                events["Shown"].clear()
                started = time.perf_counter()
                await pilot.press("enter")
                await asyncio.wait_for(events["SearchFinished"].wait(), timeout=60)
                try:
                    await asyncio.wait_for(events["Shown"].wait(), timeout=5)
                    shown = stamps["shown"]
                except asyncio.TimeoutError:  # nothing highlighted: the answer itself
                    shown = stamps["finished"]
                assert screen.results.hits, f"no results for {text!r}"
                latencies.append(shown - started)
                await app.wait_for_workers()
                await pilot.pause()
            out["keystroke_ms"] = statistics.median(latencies) * 1000
            out["keystroke_first_ms"] = latencies[0] * 1000
            # of which the search itself (in the app's worker thread, with its snippets)
            out["keystroke_search_ms"] = statistics.median(search_seconds[-len(latencies):]) * 1000

    asyncio.run(run())
    out["peak_rss_mb"] = _peak_rss_mb()
    out["indexer_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(out), flush=True)


def _peak_rss_mb() -> float:
    """This process's peak resident memory since it started its program.

    ``VmHWM``, not ``ru_maxrss``: after fork and exec, Linux carries the parent's peak
    (a copy of the whole benchmark process) into the child's ``ru_maxrss``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_tui(corpus: Path, index_dir: Path, work: Path, query: str = TUI_QUERY) -> dict[str, float]:
    launched = time.time()
    child = subprocess.run(
        [sys.executable, "-m", "reader.bench", "--tui-child", str(corpus), str(index_dir), str(work / "history.txt"),
         query, repr(launched)],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )
    lines = [line for line in child.stdout.splitlines() if line.startswith("{")]
    if child.returncode != 0 or not lines:
        raise RuntimeError(f"the app benchmark failed (exit {child.returncode}): {child.stderr.strip()[-2000:]}")
    return json.loads(lines[-1])
