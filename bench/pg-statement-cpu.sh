#!/usr/bin/env bash
# PostgreSQL backend CPU of one SQL statement: three untimed runs, then N runs in the same session;
# prints the backend's CPU (utime+stime from /proc/<pid>/stat, 10 ms ticks) and the wall time per run.
# Usage: bench/pg-statement-cpu.sh file.sql [N=20] [database=perf_filter_bench]   (server on 127.0.0.1, postgres/postgres)
set -euo pipefail
f=$1; n=${2:-20}; db=${3:-perf_filter_bench}
export PGPASSWORD=${PGPASSWORD:-postgres}
tmp=$(mktemp -d)
{
    echo "SELECT pg_backend_pid() AS pid \\gset"
    echo "\\setenv BPID :pid"
    echo "\\o /dev/null"
    for _ in 1 2 3; do cat "$f"; echo ';'; done
    echo "\\! awk '{print \$14+\$15}' /proc/\$BPID/stat > $tmp/cpu0; date +%s%N > $tmp/t0"
    for _ in $(seq 1 "$n"); do cat "$f"; echo ';'; done
    echo "\\! date +%s%N > $tmp/t1; awk '{print \$14+\$15}' /proc/\$BPID/stat > $tmp/cpu1"
} | psql -q -h 127.0.0.1 -U postgres -d "$db" >/dev/null
echo "$f: backend cpu $(( ($(cat "$tmp/cpu1") - $(cat "$tmp/cpu0")) * 10 / n )) ms/run, wall $(( ($(cat "$tmp/t1") - $(cat "$tmp/t0")) / 1000000 / n )) ms/run (n=$n, load $(cut -d' ' -f1 /proc/loadavg))"
rm -rf "$tmp"
