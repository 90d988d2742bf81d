#!/usr/bin/env bash
# Fails when the committed parser is not what the pinned antlr-ng makes of the grammar.
#   tools/check-parser-drift.sh [GRAMMAR [COMMITTED_DIR]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
grammar="${1:-$root/grammars/Snn.g4}"
committed="${2:-$root/dsl/DnSoc.Dsl.Language/Parsing/Generated}"
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
"$root/tools/regen-parser.sh" "$grammar" "$fresh" >/dev/null
if diff -r -q "$committed" "$fresh" >/dev/null; then
  echo "parser is up to date"
else
  diff -r -u "$committed" "$fresh" | head -40 >&2 || true
  echo "error: the committed parser is stale: run tools/regen-parser.sh and commit the result" >&2
  exit 1
fi
