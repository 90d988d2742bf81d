#!/bin/sh
# Peers of the generated code on the same network, weights and input spikes: Brian2 and a PyTorch loop.
# Usage: benchmarks/peers/run.sh [FILE.snn]   (default: examples/mnist-784-128-10.snn; needs root for apt)
# Debian's packages go with /usr/bin/python3, so that interpreter runs the scripts.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
snn=${1:-$root/examples/mnist-784-128-10.snn}
if ! /usr/bin/python3 -c "import brian2, torch" 2>/dev/null; then
  apt-get update && apt-get install -y python3-brian python3-torch
fi
work=$(mktemp -d)
"$root/snnc" ir "$snn" --json > "$work/ir.json"   # the integer IR: weights, thresholds, leaks, seed
cd "$here"
/usr/bin/python3 torch_lif.py "$work/ir.json" --images 100 2>/dev/null
/usr/bin/python3 brian2_lif.py "$work/ir.json" --images 20 2>/dev/null
"$root/snnc" bench "$snn" --json
rm -r "$work"
