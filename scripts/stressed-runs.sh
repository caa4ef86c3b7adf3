#!/usr/bin/env bash
# Issue 10's robustness proof: the whole `npm test` N times in a row (default 3) while two
# CPU-burning processes run, printing each run's wall time and exit code. Exits non-zero if any
# run failed. Burners: stress-ng when installed (Debian: apt-get install stress-ng), else two
# node busy loops. Usage: bash scripts/stressed-runs.sh [runs] [log-dir]
set -u
runs="${1:-3}"
logs="${2:-.tmp/stressed-runs}"
mkdir -p "$logs"
if command -v stress-ng >/dev/null; then
  stress-ng --cpu 2 --timeout 0 --quiet & burner=$!
  burners=("$burner")
else
  node -e 'for(;;){}' & b1=$!
  node -e 'for(;;){}' & b2=$!
  burners=("$b1" "$b2")
fi
trap 'kill "${burners[@]}" 2>/dev/null' EXIT
failed=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  npm test >"$logs/run-$i.log" 2>&1
  rc=$?
  end=$(date +%s)
  summary=$(grep -aE "Tests +[0-9]|[0-9]+ (passed|failed|flaky)" "$logs/run-$i.log" | sed 's/\x1b\[[0-9;]*m//g' | tr -s ' ' | paste -sd ';' -)
  echo "run $i: exit $rc, $((end - start)) s wall — $summary"
  [ "$rc" -eq 0 ] || failed=1
done
exit "$failed"
