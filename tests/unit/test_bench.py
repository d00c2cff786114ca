"""The benchmark: statistics, deterministic workloads, figures, and the command's JSON output.

Nothing here asserts a timing target: targets live in ``workshop-app bench`` only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from workshop_app.bench import workloads
from workshop_app.bench.context import QUICK, BenchContext, Reps
from workshop_app.bench.measure import TIMED_OUT, Figure, Stats, median, p95, percentile, ratio, repeat_ms
from workshop_app.bench.runner import FIGURE_KEYS, format_table
from workshop_app.bench.workloads import REFERENCE, WorkloadCache, WorkloadSpec, expected_counts
from workshop_app.ui.bench_child import StallMeter

ROOT = Path(__file__).resolve().parents[2]
SMALL = WorkloadSpec(
    participants=4,
    topics=5,
    ideas=30,
    clusters=5,
    ideas_per_cluster=2,
    rounds=2,
    dots_per_person=3,
    rocks=2,
    risks_per_rock=1,
    minutes=12,
    actions=6,
    feedback=4,
)
TINY_REPS = Reps(add_idea=4, vote_cycles=2, open=2, json=2, export_reference=1, export_stress=0, gui_start=1)


# --- statistics ------------------------------------------------------------------------------


def test_median_of_odd_and_even_counts() -> None:
    assert median([5.0, 1.0, 3.0]) == 3.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([7.0]) == 7.0


def test_percentile_interpolates_between_ranks() -> None:
    values = [float(v) for v in range(1, 101)]  # 1..100
    assert p95(values) == pytest.approx(95.05)
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 100.0
    assert percentile(values, 50) == pytest.approx(median(values))
    assert percentile([10.0, 20.0], 95) == pytest.approx(19.5)
    assert p95([3.0]) == 3.0


def test_p95_ignores_input_order() -> None:
    values = [9.0, 1.0, 7.0, 3.0, 5.0, 2.0, 8.0, 4.0, 6.0, 10.0]
    assert p95(values) == pytest.approx(p95(sorted(values))) == pytest.approx(9.55)


@pytest.mark.parametrize("fn", [median, p95])
def test_statistics_of_nothing_are_refused(fn: object) -> None:
    with pytest.raises(ValueError):
        fn([])  # type: ignore[operator]
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_stats_summary_and_ratio() -> None:
    s = Stats.of([4.0, 1.0, 2.0, 3.0])
    assert (s.n, s.p50, s.min, s.max, s.mean) == (4, 2.5, 1.0, 4.0, 2.5)
    assert s.p95 == pytest.approx(3.85)
    assert ratio(6.0, 2.0) == 3.0
    assert ratio(6.0, 0.0) is None
    assert ratio(None, 2.0) is None


def test_repeat_ms_runs_setup_and_teardown_untimed_and_drops_warmup() -> None:
    calls: list[str] = []
    samples = repeat_ms(
        lambda: calls.append("run"),
        3,
        setup=lambda: calls.append("setup"),
        teardown=lambda: calls.append("teardown"),
        warmup=2,
    )
    assert len(samples) == 3
    assert calls.count("run") == 5
    assert calls[:3] == ["setup", "run", "teardown"]
    assert all(s >= 0 for s in samples)


def test_figure_judges_absolute_and_relative_targets() -> None:
    fig = Figure("x", "x", "ms", limit=3.0, max_ratio=10.0, value=2.0, baseline=0.1)
    assert fig.ratio == pytest.approx(20.0)
    assert fig.ok is False  # under 3 ms but 20x the baseline
    fig.baseline = 0.5
    assert fig.ok is True
    fig.value = 3.5
    assert fig.ok is False
    assert Figure("y", "y", "ms", limit=3.0).ok is None  # nothing measured: nothing to judge
    late = Figure("z", "z", "ms", limit=900.0)
    late.status = TIMED_OUT
    assert late.ok is False
    assert fig.target == "<= 3 ms, <= 10x baseline"
    d = fig.to_dict()
    assert d["ok"] is False and d["ratio"] == pytest.approx(7.0) and d["status"] == "measured"


def test_table_has_the_promised_columns_and_marks_misses() -> None:
    figs = [
        Figure("a", "add a note", "ms", limit=3.0, value=5.0, baseline=0.5),
        Figure("b", "export", "s", limit=0.8).unavailable("no exporter yet"),
    ]
    text = format_table(figs)
    header = text.splitlines()[0]
    assert [c.strip() for c in header.split("|")] == ["figure", "value", "baseline", "ratio", "target", "ok?"]
    assert "MISSED" in text and "10.0x" in text
    assert "not available" in text and "no exporter yet" in text


def test_stall_meter_measures_gaps_once_the_export_starts() -> None:
    meter = StallMeter(idle_ms=20)
    starts = [meter.tick(t) for t in (0.0, 5.0, 10.0, 16.0, 21.0, 26.0, 90.0, 95.0)]
    assert starts == [False, False, False, False, True, False, False, False]
    summary = meter.summary()
    assert summary["idle_stall_ms"] == 6.0
    assert summary["stall_ms"] == 64.0  # the 26 -> 90 gap while "exporting"
    assert summary["stalls_over_50ms"] == 1
    assert summary["worst_stall_at_ms"] == 5  # 5 ms after the export started


# --- workloads ----------------------------------------------------------------------------------


def test_spread_interleaves_evenly_and_keeps_order() -> None:
    base = [lambda i=i: ("b", i) for i in range(6)]
    extra = [lambda i=i: ("e", i) for i in range(3)]
    merged = [t() for t in workloads._spread(base, extra)]  # type: ignore[arg-type]
    assert [x for x in merged if x[0] == "b"] == [("b", i) for i in range(6)]
    assert [x for x in merged if x[0] == "e"] == [("e", i) for i in range(3)]
    assert merged[:3] == [("b", 0), ("b", 1), ("e", 0)]
    assert merged[-1] == ("e", 2)


def test_expected_counts_of_the_reference_match_the_issue() -> None:
    assert expected_counts() == {
        "participants": 16,
        "topics": 6,
        "ideas": 300,
        "clusters": 40,
        "rocks": 7,
        "interest": 16 * 7,
        "minutes": 150,
        "actions": 60,
        "feedback": 16,
        "dots": 16 * 6 * 2,
    }
    stress = expected_counts(REFERENCE, 10)
    assert (stress["ideas"], stress["clusters"], stress["minutes"], stress["actions"]) == (
        3000,
        400,
        1500,
        600,
    )


@pytest.fixture(scope="module")
def small_cache(tmp_path_factory: pytest.TempPathFactory) -> WorkloadCache:
    return WorkloadCache(tmp_path_factory.mktemp("bench"), SMALL, stress_factor=3)


def test_small_workload_has_exactly_the_spec_counts(small_cache: WorkloadCache) -> None:
    counts = small_cache.reference().counts
    assert {k: v for k, v in counts.items() if k != "agenda_items"} == expected_counts(SMALL)


def test_generation_runs_the_agenda_and_stamps_the_minutes(small_cache: WorkloadCache) -> None:
    from workshop_app.services.workshop_service import OpenWorkshop

    ow = OpenWorkshop.open(small_cache.reference().path, read_only=True)
    try:
        items = ow.agenda.all_items()
        assert all(i.started_at is not None and i.ended_at is not None for i in items)
        assert ow.agenda.running_item() is None  # nothing ticking when the bench opens it
        entries = ow.minutes.entries()
        assert entries and all(e.agenda_item_id is not None for e in entries)
        rounds = ow.voting.rounds()
        assert len(rounds) == SMALL.rounds and all(r.revealed and not r.is_open for r in rounds)
        for rnd in rounds:
            spent = ow.voting.all_votes(rnd.id)
            assert [sum(v.values()) for v in spent.values()] == [SMALL.dots_per_person] * SMALL.participants
        assert all(r.metric_name and r.metric_target and r.owner_id for r in ow.rocks.rocks())
    finally:
        ow.close()


def test_stress_scales_notes_clusters_minutes_and_actions(small_cache: WorkloadCache) -> None:
    counts = small_cache.stress().counts
    assert {k: v for k, v in counts.items() if k != "agenda_items"} == expected_counts(SMALL, 3)


def test_scale_document_gives_fresh_ids_and_keeps_clusters_apart() -> None:
    doc = {
        "topics": [
            {
                "clusters": [{"id": 1, "title": "A", "colour": "#ffd54f"}],
                "ideas": [
                    {"id": 1, "text": "x", "cluster": 1},
                    {"id": 2, "text": "y", "cluster": None},
                ],
            }
        ],
        "minutes": [{"id": 4, "text": "m"}],
        "actions": [{"id": 9, "text": "a"}],
    }
    out = workloads.scale_document(doc, 3)
    topic = out["topics"][0]
    assert [c["id"] for c in topic["clusters"]] == [1, 2, 3]
    assert [i["id"] for i in topic["ideas"]] == [1, 2, 3, 4, 5, 6]
    assert [i["cluster"] for i in topic["ideas"]] == [1, None, 2, None, 3, None]
    assert [i["text"] for i in topic["ideas"]][2:4] == ["x [1]", "y [1]"]
    assert [m["id"] for m in out["minutes"]] == [4, 5, 6]
    assert [a["text"] for a in out["actions"]] == ["a", "a [1]", "a [2]"]
    assert len(doc["topics"][0]["ideas"]) == 2  # the input is left alone


def test_fresh_copies_are_independent_files(small_cache: WorkloadCache) -> None:
    a, b = small_cache.fresh_copy("reference"), small_cache.fresh_copy("reference")
    assert a != b and a.read_bytes() == b.read_bytes() == small_cache.reference().path.read_bytes()


@pytest.mark.slow
def test_reference_workload_has_exact_counts_and_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a.planwall", tmp_path / "b.planwall"
    counts = workloads.build_reference(first)
    assert {k: v for k, v in counts.items() if k != "agenda_items"} == expected_counts()
    workloads.build_reference(second)
    assert workloads.dump_json(first) == workloads.dump_json(second)


# --- figures --------------------------------------------------------------------------------------


def test_core_figures_measure_without_importing_qt_or_the_document_libraries(tmp_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import json, sys
        from pathlib import Path
        from workshop_app.bench import figures
        from workshop_app.bench.context import BenchContext, Reps
        from workshop_app.bench.workloads import WorkloadCache, WorkloadSpec
        root = Path({str(tmp_path)!r})
        spec = WorkloadSpec(participants=3, topics=4, ideas=12, clusters=2, ideas_per_cluster=2,
                            dots_per_person=2, rocks=1, risks_per_rock=0, minutes=4, actions=2, feedback=1)
        reps = Reps(add_idea=3, vote_cycles=2, open=2, json=2)
        ctx = BenchContext(WorkloadCache(root, spec), reps, True, root, log=lambda m: None)
        out = []
        for group in (figures.change_figures, figures.open_figure, figures.json_figure):
            out += [f.to_dict() for f in group(ctx)]
        leaked = sorted({{m.split(".")[0] for m in sys.modules}} & {{"PySide6", "reportlab", "docx"}})
        print(json.dumps({{"figures": out, "leaked": leaked}}))
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["leaked"] == []
    figs = {f["key"]: f for f in result["figures"]}
    assert set(figs) == set(FIGURE_KEYS[:8])
    for f in figs.values():
        assert f["status"] == "measured", f
        assert f["value"] > 0 and f["baseline"] > 0 and f["ratio"] > 0
        assert f["stats"]["n"] >= 2


def test_export_figures_compare_with_plain_paragraphs(small_cache: WorkloadCache, tmp_path: Path) -> None:
    from workshop_app.bench import export_figures

    ctx = BenchContext(small_cache, TINY_REPS, True, tmp_path, log=lambda _m: None)
    figs = {f.key: f for f in export_figures.export_figures(ctx)}
    assert set(figs) == {"docx_reference", "pdf_reference", "docx_stress", "pdf_stress"}
    assert figs["docx_stress"].status == figs["pdf_stress"].status == "skipped"
    exporter, why = export_figures.find_exporter()
    for key in ("docx_reference", "pdf_reference"):
        fig = figs[key]
        if exporter is None:
            assert fig.status == "not available" and why in fig.note
            continue
        assert fig.status == "measured", fig.note
        assert fig.value is not None and fig.value > 0 and fig.baseline is not None and fig.baseline > 0
        assert fig.details["bytes"] > 0 and fig.details["baseline_bytes"] > 0


def test_text_lines_collects_user_text_only() -> None:
    from workshop_app.bench.export_figures import text_lines

    doc = {
        "title": "T",
        "created_at": "2026",
        "ideas": [{"id": 1, "text": "note"}, {"text": ""}],
        "kind": "x",
    }
    assert list(text_lines(doc)) == ["T", "note"]


# --- the command ---------------------------------------------------------------------------------


def test_quick_reps_are_smaller_than_full_ones() -> None:
    full = Reps()
    assert QUICK.export_stress == 0 and not QUICK.gui_stress
    fields = ("add_idea", "vote_cycles", "open", "json", "action_rounds")
    assert all(getattr(QUICK, f) <= getattr(full, f) for f in fields)
    assert replace(QUICK, add_idea=1).add_idea == 1


@pytest.mark.slow
def test_quick_json_run_reports_every_figure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "workshop_app.bench", "--quick", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        env={**__import__("os").environ, "PLANWALL_DATA_DIR": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["quick"] is True
    assert list(report["figures"]) == list(FIGURE_KEYS)
    for key, fig in report["figures"].items():
        assert fig["status"] in ("measured", "not available", "skipped", "timed out"), (key, fig)
        assert {"value", "baseline", "ratio", "target", "ok", "stats", "unit"} <= set(fig)
    assert report["figures"]["add_idea_p50"]["status"] == "measured"
    assert report["figures"]["docx_stress"]["status"] == "skipped"
    shown = report["figures"]["gui_fully_shown"]
    if shown["status"] == "measured":  # the floor under it is measured in the same run
        assert shown["details"]["floor_p50_ms"] > 0
        assert "floor" in shown["note"]
    counts = report["workloads"]["reference"]["counts"]
    assert {k: v for k, v in counts.items() if k != "agenda_items"} == expected_counts()
    actions = report["figures"]["gui_action_stall"]
    if actions["status"] == "measured":  # Qt could start: every action of the round was timed
        timed = actions["details"]["actions"]
        assert {"idea Enter", "minutes Enter", "Ctrl+= larger text", "Ctrl+Shift+D theme"} <= set(timed)
        assert any(name.startswith("Ctrl+9") for name in timed)
        assert actions["value"] == pytest.approx(max(a["p50"] for a in timed.values()), abs=0.05)  # (rounded)


def test_action_figure_is_the_worst_actions_median_and_names_the_slow_ones() -> None:
    from workshop_app.bench.gui_probe import _action_figure

    fig = Figure("gui_action_stall", "stall per action", "ms", 50.0)
    result = {
        "window": "MainWindow",
        "idle_stall_ms": [6.0, 8.0, 7.0],
        "stalls_ms": {
            "idea Enter": [20.0, 90.0, 22.0],
            "Ctrl+= larger text": [61.0, 55.0, 70.0],
            "F6": [2.0],
        },
    }
    _action_figure(fig, result, 3)
    assert fig.value == 61.0 and fig.baseline == 7.0  # the median, not idea Enter's one slow run
    assert fig.details["worst_action"] == "Ctrl+= larger text"
    assert fig.details["actions"]["idea Enter"] == {"p50": 22.0, "max": 90.0}
    assert "over 50 ms: Ctrl+= larger text" in fig.note and fig.ok is False
    empty = Figure("gui_action_stall", "stall per action", "ms", 50.0)
    _action_figure(empty, {"window": "StartWindow", "stalls_ms": {}}, 1)
    assert empty.value is None and "did not open" in empty.note


def test_bench_parser_plugs_into_any_subparsers(monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from workshop_app.bench import runner

    parser = argparse.ArgumentParser(prog="workshop-app")
    sub = parser.add_subparsers(dest="command")
    runner.add_bench_parser(sub)
    args = parser.parse_args(["bench", "--quick", "--json"])
    assert args.command == "bench" and args.quick and args.json
    seen: dict[str, object] = {}
    monkeypatch.setattr(runner, "run", lambda **kw: seen.update(kw) or 0)
    assert runner.bench_command(args) == 0
    assert seen == {"quick": True, "as_json": True, "keep": None}
    assert runner.run_bench(["--keep", "/tmp/x"]) == 0
    assert seen["quick"] is False and str(seen["keep"]) == "/tmp/x"


def test_cold_starts_are_measured_from_current_bytecode(tmp_path: Path) -> None:
    """Stale bytecode is written first (Python would compile it on every start under -B)."""
    from workshop_app.bench.gui_probe import current_bytecode

    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "mod.py").write_text("VALUE = 1\n")
    assert current_bytecode(package) == 3
    assert current_bytecode(package) == 0
    (package / "sub" / "mod.py").write_text("VALUE = 22\n")  # edited: the cached code is stale
    assert current_bytecode(package) == 1
    probe = textwrap.dedent(
        """
        import importlib._bootstrap_external as be
        compiled = []
        original = be.SourceLoader.source_to_code
        def source_to_code(self, data, path, **kw):
            compiled.append(path)
            return original(self, data, path, **kw)
        be.SourceLoader.source_to_code = source_to_code
        import pkg.sub.mod
        print(pkg.sub.mod.VALUE, len(compiled))
        """
    )
    run = subprocess.run(
        [sys.executable, "-B", "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["22", "0"]  # loaded from the written bytecode, nothing compiled


def test_cold_starts_are_interleaved_round_by_round_after_the_warm_ones() -> None:
    from workshop_app.bench.gui_probe import interleaved_starts

    order: list[str] = []

    def run(mode: str) -> dict[str, object]:
        order.append(mode)
        return {"mode": mode, "n": len(order)}

    starts = interleaved_starts(run, reps=2, warm=1)
    assert order == ["bare", "floor", "app"] * 3
    # the warm round is not kept; each mode keeps its own starts of the timed rounds, in order
    assert {mode: [r["n"] for r in results] for mode, results in starts.items()} == {
        "bare": [4, 7],
        "floor": [5, 8],
        "app": [6, 9],
    }


def test_what_the_app_adds_above_the_floor_is_the_median_of_each_rounds_difference() -> None:
    from workshop_app.bench.gui_probe import _floor_note

    shown = Figure("gui_fully_shown", "fully shown", "ms", 900.0)
    runs = [{"fully_shown_ms": v} for v in (1000.0, 1300.0, 900.0, None)]
    shown.stats = Stats.of([1000.0, 1300.0, 900.0])
    # Round 2 had a slow machine for both starts; the difference of the medians would be 325 ms.
    _floor_note(shown, [700.0, 1100.0, 600.0, 650.0], runs)
    assert shown.details["floor_p50_ms"] == 675.0
    assert shown.details["above_floor_p50_ms"] == 300.0
    assert shown.details["above_floor_range_ms"] == [200, 300]
    assert "add 300 ms (200-300 ms in 3 round(s) of both)" in shown.note
    assert "floor 675 ms" in shown.note
