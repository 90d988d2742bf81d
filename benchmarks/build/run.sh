#!/usr/bin/env bash
# Build benchmark (docs/performance.md#builds): a plain console app, the same app with one MNIST network and
# with three, each built from nothing and then rebuilt after editing only Program.cs, back to back, in rounds.
# The apps reference the generator as users do, through its package (packed here into a local folder).
# Prints a Markdown table of median seconds and each figure's ratio to the plain app's in the same run.
#   benchmarks/build/run.sh [rounds]     (default 3; about a minute a round on 2 cores)
# The builds run as the environment says: with UseSharedCompilation=false (as on CI machines) every build starts
# a new compiler. SERVER=1 uses the compiler server, as a developer's machine does by default, and stops the
# servers this run started when it ends. KEEP=1 keeps the apps' folder, to look into a build.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/dnsoc-build-bench.XXXXXX")"
servers_before="$(pgrep -f VBCSCompiler || true)"
cleanup() {
  if [ -n "${SERVER:-}" ]; then
    for pid in $(pgrep -f VBCSCompiler || true); do
      grep -qx "$pid" <<<"$servers_before" || kill "$pid"
    done
  fi
  if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
if [ -n "${SERVER:-}" ]; then export UseSharedCompilation=true; fi
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -1)"

dotnet pack "$repo/src/DnSoc.Dsl.Generator" -c Release -o "$work/feed" --artifacts-path "$work/artifacts" --nologo -v quiet >/dev/null
# The machine's package sources stay, the local folder is added; nothing above $work shapes the apps.
cat > "$work/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><add key="dnsoc-local" value="$work/feed" /></packageSources></configuration>
XML
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' > "$work/$f"; done

# app NAME NETWORK...: a console app using the given example networks (none: the plain app).
app() {
  local name="$1"; shift
  local dir="$work/$name" reference="" uses=""
  mkdir -p "$dir"
  if [ $# -gt 0 ]; then reference="<ItemGroup><PackageReference Include=\"DnSoc.Dsl.Generator\" Version=\"$version\" /></ItemGroup>"; fi
  cat > "$dir/$name.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable>
    <RestorePackagesPath>$work/packages</RestorePackagesPath></PropertyGroup>
  $reference
</Project>
XML
  for snn in "$@"; do
    cp "$repo/examples/$snn.snn" "$repo/examples/$snn.w.txt" "$dir/"
    uses="$uses System.Console.WriteLine(new DnSoc.Networks.$(sed -n 's/^network \([A-Za-z0-9_]*\).*/\1/p' "$dir/$snn.snn")().Infer(new byte[784]));"
  done
  printf '// edit 0\nSystem.Console.WriteLine("hello");%s\n' "$uses" > "$dir/Program.cs"
}

# seconds COMMAND...: wall time of one command, which must succeed.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

declare -A first rebuild
apps=(plain one three)
for round in $(seq 1 "$rounds"); do
  for name in "${apps[@]}"; do
    rm -rf "${work:?}/$name" "$work/packages"
    case "$name" in
      plain) app plain ;;
      one) app one mnist-784-128-10 ;;
      three) app three mnist-784-48-10 mnist-784-128-10 mnist-784-128-10-w4 ;;
    esac
    first[$name]+="$(seconds dotnet build "$work/$name" --nologo -v quiet) "
    sed -i "s|^// edit .*|// edit $round|" "$work/$name/Program.cs"
    rebuild[$name]+="$(seconds dotnet build "$work/$name" --nologo -v quiet) "
  done
  echo "round $round of $rounds done" >&2
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "| app | first build | ratio | rebuild after editing Program.cs | ratio |"
echo "|---|---|---|---|---|"
plain_first=$(echo "${first[plain]}" | median); plain_rebuild=$(echo "${rebuild[plain]}" | median)
for name in "${apps[@]}"; do
  f=$(echo "${first[$name]}" | median); r=$(echo "${rebuild[$name]}" | median)
  printf '| %s | %.1f s | %.2f | %.1f s | %.2f |\n' "$name" "$f" "$(echo "$f / $plain_first" | bc -l)" "$r" "$(echo "$r / $plain_rebuild" | bc -l)"
done
echo "(medians of $rounds rounds, compiler server ${UseSharedCompilation:-default}; every build: $(for n in "${apps[@]}"; do printf '%s first %s/ rebuild %s; ' "$n" "${first[$n]}" "${rebuild[$n]}"; done))"
