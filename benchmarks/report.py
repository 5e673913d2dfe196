#!/usr/bin/env python3
"""Turns JMH's JSON result (from exec:exec@bench) into the results table of docs/performance.md.

Usage:
    python3 benchmarks/report.py benchmarks/target/jmh-result.json            # print the table
    python3 benchmarks/report.py benchmarks/target/jmh-result.json --into docs/performance.md

With --into, the text between the markers
    <!-- benchmark-results:start -->  and  <!-- benchmark-results:end -->
is replaced by the table; --section NAME uses <!-- benchmark-results-NAME:start --> and
<!-- benchmark-results-NAME:end --> instead (an empty NAME means the default markers), so that one
page can hold the tables of several runs (all carriers, one carrier). Each figure is the median over forks of each fork's mean over its
measurement iterations; the spread (lowest to highest fork) is shown when there were several forks.
The machine facts come from JMH's JSON and from the sidecar <result>.machine.json that
BenchmarkMain writes (cores, date, load average before and after the run).
"""

import argparse
import json
import pathlib
import re
import statistics
import sys

PACKAGE = "dev.spindle.benchmarks."


def markers(section):
    """The markers around the table of a section ("" is the default table)."""
    name = "benchmark-results" + (f"-{section}" if section else "")
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


# workload class -> (title, per-op divisor, unit label, how a score in ms/op is shown)
WORKLOADS = {
    "SpawnJoinBenchmark": ("W1 spawn–join, 100,000 tasks", 100_000, "µs per task"),
    "SleepGatherBenchmark": ("W2 sleep–gather, 100,000 × 100 ms", None, "ms over the ideal 100 ms"),
    "FanOutTreeBenchmark": ("W3 fan-out tree, 111,111 tasks", 111_111, "µs per task"),
    "ParkedMemoryBenchmark": ("M1 heap per parked task, 100,000 parked", None, "bytes per task"),
    "MillionSleepersBenchmark": ("W5 a million sleepers, 1,000,000 × 1 s", None, "ms over the ideal 1 s"),
}
SPINDLE_VARIANTS = {
    "spindleGather": "`gather`",
    "spindleCreateTask": "`createTask` + `join`",
    "spindleTaskGroup": "`taskGroup`",
}
# Minimal task handles on raw virtual threads (W1 only): what any task costs before Spindle's bookkeeping.
FLOORS = {
    "floorJoinable": "floor: a joinable handle",
    "floorCancellable": "floor: a cancellable handle",
}
BASELINES = [
    ("virtualThreads", "`Thread.ofVirtual()`"),
    ("executor", "VT executor"),
    ("structuredTaskScope", "`StructuredTaskScope`"),
]
TARGETS = {
    "SpawnJoinBenchmark": 1.10,
    "SleepGatherBenchmark": 1.10,
    "FanOutTreeBenchmark": 1.10,
    "ParkedMemoryBenchmark": 1.50,
    "MillionSleepersBenchmark": 1.20,
}
PING_PONG = [
    ("spindleQueue", "Spindle tasks, `dev.spindle.sync.Queue(1)`"),
    ("spindleTasksArrayBlockingQueue", "Spindle tasks, `ArrayBlockingQueue(1)`"),
    ("arrayBlockingQueue", "virtual threads, `ArrayBlockingQueue(1)` (the bar)"),
    ("synchronousQueue", "virtual threads, `SynchronousQueue`"),
]
PING_PONG_TARGET = 1.00
ROUND_TRIPS = 100_000
SLEEP_MS = 100.0
MILLION_SLEEP_MS = 1000.0
# Single-shot workloads: one operation per iteration, reported apart from the timed ones' iterations.
SINGLE_SHOT = ("ParkedMemoryBenchmark", "MillionSleepersBenchmark")


def fork_means(raw):
    """One value per fork: the mean of that fork's measurement iterations."""
    return [statistics.fmean(fork) for fork in raw if fork]


class Figure:
    """A benchmark's result: the median over forks, and the forks' range."""

    def __init__(self, per_fork):
        self.per_fork = per_fork
        self.median = statistics.median(per_fork)
        self.low = min(per_fork)
        self.high = max(per_fork)

    def scaled(self, f):
        return Figure([f(v) for v in self.per_fork])


def load(path):
    entries = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    forks_so_far = {}
    for e in entries:
        name = e["benchmark"]
        if not name.startswith(PACKAGE):
            continue
        cls, method = name[len(PACKAGE):].split(".", 1)
        if cls == "ParkedMemoryBenchmark":
            metric = e.get("secondaryMetrics", {}).get("bytesPerTask")
            if metric is None:
                continue
            # EVENTS counters: one operation per single-shot iteration, so each value is that operation's.
            per_fork = fork_means(metric["rawData"])
        else:
            if e["primaryMetric"]["scoreUnit"] != "ms/op":
                # not one of the tables' workloads (e.g. MetricsOverheadBenchmark's throughput): its own
                # page reports it
                print(f"report.py: skipping {name} ({e['primaryMetric']['scoreUnit']})", file=sys.stderr)
                continue
            per_fork = fork_means(e["primaryMetric"]["rawData"])
        if per_fork:
            forks_so_far.setdefault((cls, method), []).extend(per_fork)  # a run in rounds repeats entries
    figures = {key: Figure(per_fork) for key, per_fork in forks_so_far.items()}
    return entries, figures


def shown(cls, fig):
    """The figure in the unit of its row, as a Figure."""
    _, per_op, _ = WORKLOADS[cls]
    if cls == "SleepGatherBenchmark":
        return fig.scaled(lambda ms: ms - SLEEP_MS)
    if cls == "MillionSleepersBenchmark":
        return fig.scaled(lambda ms: ms - MILLION_SLEEP_MS)
    if per_op:
        return fig.scaled(lambda ms: ms * 1000.0 / per_op)
    return fig


def fmt(fig, forks):
    if fig is None:
        return "—"
    digits = 0 if fig.median >= 100 else 2
    text = f"{fig.median:,.{digits}f}"
    if forks > 1:
        text += f" <sub>({fig.low:,.{digits}f}–{fig.high:,.{digits}f})</sub>"
    return text


def verdict(ratio, target):
    return "✅" if ratio <= target else "❌"


def ratio_of(cls, spindle, bar):
    """Spindle ÷ the bar on the measured quantity (total time for W2 and W5, not the overhead)."""
    return spindle.median / bar.median


def fastest_ratio(spindle, bar):
    """The same ratio between the fastest forks, or None with one fork: on a machine whose slow spells land
    on random forks, the fastest fork is the one the spells spared, so this ratio moves far less between
    runs."""
    if len(spindle.per_fork) < 2 or len(bar.per_fork) < 2:
        return None
    return spindle.low / bar.low


def ratio_cell(r, fastest, target):
    """The ratio, its verdict when there is a target, and the fastest forks' ratio. A target counts as met
    only if both ratios meet it, so a slow spell on the bar's forks cannot pass a variant."""
    text = f"{r:.2f}"
    if target is not None:
        text += " " + verdict(max(r, fastest if fastest is not None else r), target)
    if fastest is not None:
        text += f" <sub>(fastest forks {fastest:.2f})</sub>"
    return text


def table(entries, figures, machine):
    forks = max((len(f.per_fork) for f in figures.values()), default=1)
    lines = []
    lines.append("| workload | unit | Spindle | " + " | ".join(label for _, label in BASELINES)
                 + " | Spindle ÷ `Thread.ofVirtual()` | target |")
    lines.append("| --- | --- | --- | " + " | ".join("---" for _ in BASELINES) + " | --- | --- |")
    for cls, (title, _, unit) in WORKLOADS.items():
        bar_raw = figures.get((cls, "virtualThreads"))
        baselines = [figures.get((cls, m)) for m, _ in BASELINES]
        for method, label in SPINDLE_VARIANTS.items():
            fig = figures.get((cls, method))
            if fig is None:
                continue
            ratio = "—"
            if bar_raw is not None:
                ratio = ratio_cell(ratio_of(cls, fig, bar_raw), fastest_ratio(fig, bar_raw), TARGETS[cls])
            row = [f"{title}", unit, f"{fmt(shown(cls, fig), forks)} ({label})"]
            row += [fmt(shown(cls, b) if b else None, forks) for b in baselines]
            row += [ratio, f"≤ {TARGETS[cls]:.2f}"]
            lines.append("| " + " | ".join(row) + " |")
        for method, label in FLOORS.items():
            fig = figures.get((cls, method))
            if fig is None:
                continue
            ratio = ratio_cell(ratio_of(cls, fig, bar_raw), fastest_ratio(fig, bar_raw), None) if bar_raw is not None else "—"
            row = [f"{title}", unit, f"{fmt(shown(cls, fig), forks)} ({label})"]
            row += ["" for _ in baselines] + [ratio, ""]
            lines.append("| " + " | ".join(row) + " |")
    if any(cls == "PingPongBenchmark" for cls, _ in figures):
        ping_pong_table(lines, figures, forks)
    lines.append("")
    machine_line(lines, entries, machine, forks)
    return "\n".join(lines) + "\n"


def ping_pong_table(lines, figures, forks):
    lines.append("")
    lines.append("| W4 ping-pong, 100,000 round trips | µs per round trip | ÷ `ArrayBlockingQueue` on virtual threads | target |")
    lines.append("| --- | --- | --- | --- |")
    bar = figures.get(("PingPongBenchmark", "arrayBlockingQueue"))
    for method, label in PING_PONG:
        fig = figures.get(("PingPongBenchmark", method))
        if fig is None:
            if method == "spindleQueue":
                lines.append(f"| {label} | not measured yet | — | ≤ {PING_PONG_TARGET:.2f} |")
            continue
        per_trip = fig.scaled(lambda ms: ms * 1000.0 / ROUND_TRIPS)
        r = fig.median / bar.median if bar else None
        target = f"≤ {PING_PONG_TARGET:.2f}" if method == "spindleQueue" else ""
        rtext = "—" if r is None else ratio_cell(r, fastest_ratio(fig, bar), PING_PONG_TARGET if target else None)
        lines.append(f"| {label} | {fmt(per_trip, forks)} | {rtext} | {target} |")


def machine_line(lines, entries, machine, forks):
    first = entries[0]
    cores = machine.get("cores", "?")
    date = machine.get("started", "")[:10] or "unknown date"
    mode = machine.get("mode", "?")
    load = ""
    if machine.get("loadBefore"):
        load = (f"; load average (1, 5, 15 min) {machine['loadBefore']} before the run and "
                f"{machine['loadAfter']} after")
    timed = next((e for e in entries if not any(c in e["benchmark"] for c in SINGLE_SHOT)), first)
    single = next((e for e in entries if "ParkedMemoryBenchmark" in e["benchmark"]), None)
    million = next((e for e in entries if "MillionSleepersBenchmark" in e["benchmark"]), None)
    m1 = ""
    if single is not None:
        m1 = (f" (M1: {single['measurementIterations']} single-shot operations per fork after "
              f"{single['warmupIterations']} warm-up(s))")
    if million is not None:
        m1 += (f" (W5: {million['measurementIterations']} single-shot operations per fork after "
               f"{million['warmupIterations']} warm-up(s))")
    rounds = machine.get("rounds", 1)
    if rounds > 1:
        load += (f"; in {rounds} rounds of one fork of every benchmark each, so that a machine that speeds "
                 f"up or slows down meanwhile touches every variant alike")
    carriers = machine.get("carriers", 0)
    if carriers:
        load += (f"; the virtual-thread scheduler limited to {carriers} carrier thread(s), so the figures are "
                 f"CPU cost per task without scheduling between carriers")
    lines.append(f"Measured {date} on {cores} cores, {machine.get('os', '')}, JDK {first['jdkVersion']} "
                 f"({first['vmName']} {first['vmVersion']}), JMH {first['jmhVersion']}, `{mode}` mode: "
                 f"{forks} fork(s) × {timed['measurementIterations']} iterations of "
                 f"{timed['measurementTime']} after {timed['warmupIterations']} warm-up(s) of {timed['warmupTime']}{m1}{load}. "
                 f"Each figure is the median over forks (range over forks in brackets); ratios are of "
                 f"medians and of total time (for W2 and W5, of the whole ~100 ms or ~1 s, not of the overhead), and in "
                 f"brackets of the fastest forks, which the machine's slow spells spared; a target is met (✅) "
                 f"only if both ratios meet it.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("result", help="JMH JSON result file")
    parser.add_argument("--into", metavar="PAGE",
                        help="Markdown page to update between the benchmark-results markers (docs/performance.md)")
    parser.add_argument("--section", default="", help="which markers: benchmark-results-SECTION")
    args = parser.parse_args()
    entries, figures = load(args.result)
    if not entries:
        sys.exit(f"{args.result} holds no results")
    machine_file = pathlib.Path(args.result + ".machine.json")
    machine = json.loads(machine_file.read_text(encoding="utf-8")) if machine_file.exists() else {}
    text = table(entries, figures, machine)
    if not args.into:
        sys.stdout.write(text)
        return
    page = pathlib.Path(args.into)
    content = page.read_text(encoding="utf-8")
    START, END = markers(args.section.strip())
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(content):
        sys.exit(f"{args.into} has no {START} ... {END} markers")
    content = pattern.sub(lambda _: f"{START}\n{text}{END}", content)
    page.write_text(content, encoding="utf-8")
    print(f"Updated the table in {args.into}")


if __name__ == "__main__":
    main()
