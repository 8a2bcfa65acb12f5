#!/usr/bin/env bash
# proofs/NAME is the committed bundle of examples/NAME.kc with its default pipeline (docs/bundles.md).
#   bash proofs/check.sh            (1) rebuild each example into a temp folder and diff it against proofs/NAME
#                                   (any difference: exit 1, proofs/ is stale); (2) kernelc verify proofs/NAME
#                                   --solver all (z3 and cvc5) for each.
#   bash proofs/check.sh --update   rebuild proofs/ from examples/, then verify as in (2).
set -euo pipefail
cd "$(dirname "$0")/.."
update=0
case "${1:-}" in
  --update) update=1 ;;
  "") ;;
  *) echo "usage: bash proofs/check.sh [--update]" >&2; exit 64 ;;
esac
examples=(attention causal_attention softmax layernorm rmsnorm matmul gelu_mlp attention_f16 matmul_bf16 matmul_i8)
# Extra build options per example (split on spaces): matmul_i8's quotient obligation needs ~13 s of z3 CPU on an idle
# machine, more under load (docs/checker.md), so it gets a 120 s timeout instead of the default 30 s.
declare -A options=([matmul_i8]="--timeout 120000")
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

t=$(now)
dotnet build src/Cli -c Release -v quiet -nologo >/dev/null
kernelc=src/Cli/bin/Release/net10.0/kernelc
echo "built kernelc (Release) in $(since "$t")"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Runs kernelc quietly; on failure shows what it printed and stops with its exit code.
run() {
  local code=0
  "$kernelc" "$@" >"$tmp/out" 2>&1 || code=$?
  if [ "$code" -ne 0 ]; then cat "$tmp/out" >&2; echo "kernelc $* exited with $code" >&2; exit "$code"; fi
}
stale=0
for name in "${examples[@]}"; do
  t=$(now)
  if [ "$update" -eq 1 ]; then
    run build "examples/$name.kc" -o "proofs/$name" ${options[$name]:-}
    echo "updated proofs/$name ($(since "$t"))"
  else
    run build "examples/$name.kc" -o "$tmp/$name" ${options[$name]:-}
    if ! diff -r "$tmp/$name" "proofs/$name" >"$tmp/$name.diff" 2>&1; then
      head -20 "$tmp/$name.diff"
      echo "proofs/$name differs from a fresh build ($(since "$t"))"
      stale=1
    else
      echo "proofs/$name is a fresh build ($(since "$t"))"
    fi
  fi
done
if [ "$stale" -ne 0 ]; then
  echo "proofs/ is stale: run proofs/check.sh --update" >&2
  exit 1
fi

for name in "${examples[@]}"; do
  t=$(now)
  run verify "proofs/$name" --solver all
  echo "verified proofs/$name with z3 and cvc5 ($(since "$t"))"
done
