#!/usr/bin/env bash
# Main job: set up (once), then plan the bundled Øvre Eiker instance into results/ovre-eiker-2025/.
# Extra arguments go to `scheduler solve` (e.g. --time-limit 30 --seed 1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/scheduler validate instances/ovre-eiker-2025.yaml
.venv/bin/scheduler baseline instances/ovre-eiker-2025.yaml
.venv/bin/scheduler solve instances/ovre-eiker-2025.yaml "$@"
