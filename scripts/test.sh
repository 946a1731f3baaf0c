#!/usr/bin/env bash
# Set up, lint, type-check and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check scheduler tests benchmarks
.venv/bin/ruff format --check scheduler tests benchmarks
.venv/bin/mypy
.venv/bin/pytest "$@"
