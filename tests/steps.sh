#!/usr/bin/env bash
# Runs `make test-<step>` for each step given, keeps going after a failure, and ends with a
# summary table and one PASS/FAIL line. Exit status 1 if any step failed.
#   usage: tests/steps.sh STEP...      (make test calls it with $(TEST_STEPS))
set -uo pipefail

make_cmd=${MAKE:-make}
names=()
results=()
times=()
failed=()
start_all=$SECONDS

for step in "$@"; do
	printf '\n\033[1m==> %s\033[0m\n' "$step"
	start=$SECONDS
	if $make_cmd --no-print-directory "test-$step"; then
		results+=("ok")
	else
		results+=("FAIL")
		failed+=("$step")
	fi
	names+=("$step")
	times+=("$((SECONDS - start))")
done

printf '\n%-12s %-6s %s\n' "step" "result" "time"
for i in "${!names[@]}"; do
	printf '%-12s %-6s %ss\n' "${names[$i]}" "${results[$i]}" "${times[$i]}"
done
total=$((SECONDS - start_all))
if [ "${#failed[@]}" -eq 0 ]; then
	printf '\nmake test: PASS (%d steps, %dm%02ds)\n' "${#names[@]}" $((total / 60)) $((total % 60))
else
	printf '\nmake test: FAIL (%d of %d steps failed: %s; %dm%02ds)\n' "${#failed[@]}" "${#names[@]}" "${failed[*]}" $((total / 60)) $((total % 60))
	exit 1
fi
