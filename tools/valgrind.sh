#!/bin/sh
# valgrind.sh BINARY... — runs each unit test binary under valgrind (memcheck, full leak check) and
# fails when valgrind finds a memory error or a leak in any of them, or when a test fails (unit
# tests assert no timing: speed is make bench's). Logs: build/valgrind/NAME.log (valgrind) and
# build/valgrind/NAME.out (the test's own output).
set -u
mkdir -p build/valgrind
bad=0
for t in "$@"; do
  n=${t##*/}
  valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
    --log-file="build/valgrind/$n.log" "$t" >"build/valgrind/$n.out" 2>&1
  errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9][0-9]*\) errors.*/\1/p' "build/valgrind/$n.log" | tail -n 1)
  lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "build/valgrind/$n.log" | tail -n 1)
  failed=$(sed -n 's/^\[  FAILED  \] \([A-Za-z0-9_]*\)$/\1/p' "build/valgrind/$n.out" | sort -u)
  ran=$(sed -n 's/^\[==========\] \([0-9]*\) test(s) run\./\1/p' "build/valgrind/$n.out" | tail -n 1)
  if [ "${errors:-x}" != 0 ] || [ -n "$failed" ]; then
    bad=$((bad + 1))
    echo "valgrind: $n: FAILED — ${errors:-?} valgrind errors, definitely lost ${lost:-0} bytes, failed tests: ${failed:-none} (build/valgrind/$n.log)"
    grep -m 20 -E "Invalid|uninitialised|definitely lost|indirectly lost|possibly lost|at 0x|by 0x" "build/valgrind/$n.log" | sed 's/^/    /'
  else
    echo "valgrind: $n: ${ran:-?} tests, 0 errors, 0 bytes lost"
  fi
done
echo "valgrind: $# unit test binaries, $bad with errors"
[ "$bad" -eq 0 ]
