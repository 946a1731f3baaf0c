#!/usr/bin/env bash
# Main job: set up, then plan the bundled Øvre Eiker instance. Extra arguments go to the
# solve command (e.g. --time-limit 30).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/scheduler validate instances/ovre-eiker-2025.yaml
.venv/bin/scheduler baseline instances/ovre-eiker-2025.yaml
