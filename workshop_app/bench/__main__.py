"""``python -m workshop_app.bench [--json] [--quick]``: the benchmark without the CLI."""

import sys

from workshop_app.bench.runner import run_bench

sys.exit(run_bench(sys.argv[1:]))
