#!/usr/bin/env bash
# Regenerates measured.tsv: synthesizes every grid.tsv row with yosys for xc7, iCE40 and ECP5 and places and routes
# the iCE40 ones with nextpnr-ice40 (docs/cost-model.md#calibration). An interrupted run continues where it stopped;
# delete measured.tsv to start over. Then refit the constants:
#   ./snnc calibrate hardware/calibration/grid.tsv -o hardware/calibration/measured.tsv --fit
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec ./snnc calibrate hardware/calibration/grid.tsv -o hardware/calibration/measured.tsv "$@"
