#!/usr/bin/env bash
# Regenerates the committed C# parser from grammars/Snn.g4 with the pinned antlr-ng.
#   tools/regen-parser.sh                 write into dsl/DnSoc.Dsl.Language/Parsing/Generated
#   tools/regen-parser.sh GRAMMAR OUTDIR  generate GRAMMAR into OUTDIR (used by the drift check)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
grammar="${1:-$root/grammars/Snn.g4}"
out="${2:-$root/dsl/DnSoc.Dsl.Language/Parsing/Generated}"

command -v npm >/dev/null || { echo "error: npm is required to run the ANTLR tool (install Node.js 20 and npm)" >&2; exit 2; }
if [ ! -x "$root/grammars/node_modules/.bin/antlr-ng" ]; then
  (cd "$root/grammars" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$grammar" "$work/Snn.g4"
log="$("$root/grammars/node_modules/.bin/antlr-ng" -Dlanguage=CSharp --generate-visitor --generate-listener \
  -p DnSoc.Dsl.Language.Parsing.Generated -o "$work/out" "$work/Snn.g4" 2>&1 || true)"
# antlr-ng exits 0 on grammar errors; they arrive as "error(NN): ..." lines.
if grep -q "error(" <<<"$log"; then
  echo "$log" >&2
  echo "error: the grammar has errors; the parser was not regenerated" >&2
  exit 1
fi
mkdir -p "$out"
rm -f "$out"/*.cs "$out"/*.interp "$out"/*.tokens
cp "$work"/out/*.cs "$out"/
echo "generated $(ls "$work"/out/*.cs | wc -l) files into $out"
