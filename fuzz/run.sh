#!/usr/bin/env bash
# Coverage-guided fuzzing (docs/fuzzing.md): builds the harness, instruments the assemblies under test with
# SharpFuzz, and runs afl-fuzz (AFL++) on each target in turn, each for a bounded time or execution count.
#
#   fuzz/run.sh [--seconds N | --execs N] [TARGET...]    targets: snn weights blob idx pgm (default: all)
#
# Prints one line per target, "fuzz TARGET: E executions, C crashes, H hangs, S s: ok|FAILED", and exits 1
# when any target crashed or hung. Findings stay in fuzz/out/TARGET/findings/default/{crashes,hangs};
# replay one with: dotnet fuzz/out/plain/DnSoc.Dsl.Fuzz.dll TARGET FILE
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=60
execs=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --execs) execs="$2"; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(snn weights blob idx pgm)

if ! command -v afl-fuzz >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
  else
    echo "fuzz: afl-fuzz not found; install the Debian package afl++" >&2
    exit 1
  fi
fi

tools=fuzz/.tools
[ -x "$tools/sharpfuzz" ] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null

out=fuzz/out
plain="$out/plain" # uninstrumented: writes the seeds and replays findings (instrumented code needs afl-fuzz around it)
build="$out/bin"
rm -rf "$plain" "$build"
dotnet publish fuzz/DnSoc.Dsl.Fuzz -c Release -o "$plain" --nologo -v quiet | { grep -E 'error|warn' || true; }
cp -r "$plain" "$build"
# The assemblies whose branches guide the fuzzer (the targets' library holds the linked sample reader).
for assembly in DnSoc.Dsl.Language DnSoc.Firmware DnSoc.Dsl.Backend DnSoc.Dsl.Fuzz.Targets; do
  "$tools/sharpfuzz" "$build/$assembly.dll" >/dev/null
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
# More than 1 GiB of managed heap is a finding too: the runtime throws OutOfMemoryException, afl-fuzz sees a crash.
export DOTNET_GCHeapHardLimit=0x40000000
limit=(-V "$seconds")
[ -z "$execs" ] || limit=(-E "$execs")

failed=0
for target in "${targets[@]}"; do
  seeds="$out/$target/seeds"
  findings="$out/$target/findings"
  rm -rf "$seeds" "$findings"
  dotnet "$plain/DnSoc.Dsl.Fuzz.dll" seeds "$target" "$seeds" >/dev/null
  # -t 10000: an input that takes more than 10 s is a hang (issue 16's bound).
  afl-fuzz -i "$seeds" -o "$findings" -t 10000 -m none "${limit[@]}" -- dotnet "$build/DnSoc.Dsl.Fuzz.dll" "$target" \
    >"$out/$target/afl.log" 2>&1 || true
  stats="$findings/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "fuzz $target: afl-fuzz did not start (see $out/$target/afl.log): FAILED"
    tail -5 "$out/$target/afl.log" >&2 || true
    failed=1
    continue
  fi
  stat() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$stats"; }
  crashes=$(stat saved_crashes)
  hangs=$(stat saved_hangs)
  verdict=ok
  if [ "${crashes:-1}" != 0 ] || [ "${hangs:-1}" != 0 ]; then
    verdict=FAILED
    failed=1
  fi
  echo "fuzz $target: $(stat execs_done) executions, $crashes crashes, $hangs hangs, $(stat run_time) s, $(stat execs_per_sec) execs/s, $(stat corpus_count) corpus entries, $(stat bitmap_cvg) map: $verdict"
done
exit "$failed"
