"""Word and PDF pack export of the reference and stress workshops, against plain-paragraph baselines.

The baseline writes the same words the workshop holds (every user text of the interchange
document, one paragraph each) with python-docx or reportlab and nothing else: no tables,
charts, styles or fonts.  The export is looked up in ``workshop_app.export`` (then
``workshop_app.export.pack``); while it is missing the figures say "not available".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from workshop_app.bench.context import BenchContext
from workshop_app.bench.measure import Figure, Stats, repeat_ms
from workshop_app.bench.workloads import dump_json

LIMITS_S = {"reference": 0.8, "stress": 6.0}
TEXT_KEYS = frozenset(
    {
        "title", "text", "name", "question", "scope", "source_text", "worked", "change", "risk",
        "mitigation", "job_title", "vision", "supplier_name", "customer_name", "location",
        "facilitator", "notes", "unit", "baseline", "target",
    }
)  # fmt: skip

Exporter = Callable[..., Any]


def find_exporter() -> tuple[Exporter | None, str]:
    """``export_pack(workshop_path, docx=..., pdf=...)`` if the export package provides it."""
    import importlib

    for module in ("workshop_app.export", "workshop_app.export.pack"):
        try:
            mod = importlib.import_module(module)
        except ImportError as exc:
            return None, f"{module} cannot be imported ({exc})"
        fn = getattr(mod, "export_pack", None)
        if callable(fn):
            return fn, ""
    return None, "workshop_app.export has no export_pack yet"


def text_lines(doc: Any) -> Iterator[str]:
    """Every user text of an interchange document, in document order."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key in TEXT_KEYS and isinstance(value, str):
                if value:
                    yield value
            else:
                yield from text_lines(value)
    elif isinstance(doc, list):
        for value in doc:
            yield from text_lines(value)


def docx_plain(lines: list[str], out: Path) -> None:
    from docx import Document

    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(out))


def pdf_plain(lines: list[str], out: Path) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
    from reportlab.lib.styles import getSampleStyleSheet  # type: ignore[import-untyped]
    from reportlab.platypus import Paragraph, SimpleDocTemplate  # type: ignore[import-untyped]

    style = getSampleStyleSheet()["Normal"]
    story = [Paragraph(escape(line), style) for line in lines]
    SimpleDocTemplate(str(out), pagesize=A4).build(story)


def export_figures(ctx: BenchContext) -> list[Figure]:
    figures = []
    for workload in ("reference", "stress"):
        for fmt in ("docx", "pdf"):
            label = f"{'Word' if fmt == 'docx' else 'PDF'} pack export of the {workload}"
            figures.append(Figure(f"{fmt}_{workload}", label, "s", LIMITS_S[workload]))
    exporter, why = find_exporter()
    if exporter is None:
        return [f.unavailable(why) for f in figures]
    for fig in figures:
        fmt, workload = fig.key.split("_")
        reps = ctx.reps.export_reference if workload == "reference" else ctx.reps.export_stress
        if reps <= 0:
            fig.skipped("skipped with --quick (stress-size export)")
            continue
        try:
            _measure(ctx, fig, exporter, fmt, workload, reps)
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith("workshop_app"):
                raise
            fig.unavailable(f"the {fmt} exporter is not there yet ({exc})")
    return figures


def _measure(ctx: BenchContext, fig: Figure, exporter: Exporter, fmt: str, workload: str, reps: int) -> None:
    source = ctx.cache.get(workload).path
    folder = ctx.root / f"export-{fig.key}"
    folder.mkdir(exist_ok=True)
    out = folder / f"pack.{fmt}"
    ctx.log(f"  {fmt} export of the {workload} x{reps}")

    def export() -> None:
        exporter(source, **{fmt: out})

    samples = repeat_ms(export, reps, warmup=1 if workload == "reference" else 0, collect=True)
    stats = Stats.of([s / 1000.0 for s in samples])
    lines = list(text_lines(json.loads(dump_json(source))))
    plain = folder / f"plain.{fmt}"
    writer = docx_plain if fmt == "docx" else pdf_plain
    base_samples = repeat_ms(
        lambda: writer(lines, plain), reps, warmup=1 if workload == "reference" else 0, collect=True
    )
    base = Stats.of([s / 1000.0 for s in base_samples])
    fig.value, fig.stats, fig.baseline, fig.baseline_stats = stats.p50, stats, base.p50, base
    fig.baseline_label = (
        f"{'python-docx' if fmt == 'docx' else 'reportlab'}: same text as {len(lines)} plain paragraphs"
    )
    fig.details = {"bytes": out.stat().st_size, "baseline_bytes": plain.stat().st_size}
