#!/usr/bin/env bash
# Run every benchmark in order; each writes benchmarks/results/<name>.json and .md.
#   benchmarks/run_all.sh [python]      (default: the python on PATH; e.g. /work/venv/bin/python)
# The embedded-model benchmarks (model_limit, prefix_reuse, cache seeds) take minutes each
# and slow down a lot when the machine is shared; run them on a quiet machine.
set -euo pipefail
PY="${1:-python}"
cd "$(dirname "$0")/.."
"$PY" benchmarks/make_synthetic.py -n 1000
"$PY" benchmarks/bench_eval.py
"$PY" benchmarks/bench_rules.py
"$PY" benchmarks/bench_memory.py
"$PY" benchmarks/bench_service.py
"$PY" benchmarks/bench_concurrency.py --cli
"$PY" benchmarks/bench_cache.py
"$PY" benchmarks/bench_model_limit.py
"$PY" benchmarks/bench_prefix_reuse.py
"$PY" benchmarks/bench_tokens.py
"$PY" benchmarks/bench_ray.py
"$PY" benchmarks/bench_stance_bias.py --threads 1
