#!/usr/bin/env bash
# PostgreSQL backend CPU of the status writer's statements for passes moving 1,000 agents (the sweep's writes without the
# app): installs bench/sql/status-pass.pg.sql in a status bench database (written by `statuses`; this moves its agents),
# runs 3 untimed and N timed passes over ten groups of 1,000 agents in one session, and prints the backend's CPU per pass
# (utime+stime from /proc, 10 ms ticks) and the share of HOT updates among the passes' updates of both tables.
# Usage: bench/status-pass-cpu.sh [N=30] [database=status_perf_bench]   (server on 127.0.0.1, postgres/postgres)
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-30}; db=${2:-status_perf_bench}
export PGPASSWORD=${PGPASSWORD:-postgres}
P=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d "$db")
"${P[@]}" -f sql/status-pass.pg.sql
read -r online onhold < <("${P[@]}" -Atc "SELECT string_agg(\"Id\"::text, ' ' ORDER BY \"SystemKey\" DESC) FROM \"Statuses\" WHERE \"SystemKey\" IN ('online', 'on-hold')")
stats() { "${P[@]}" -Atc "SELECT pg_stat_force_next_flush()" -c "SELECT sum(n_tup_upd) || ' ' || sum(n_tup_hot_upd) FROM pg_stat_user_tables WHERE relname IN ('StatusIntervals', 'AgentPresence')"; }
sleep 1; read -r upd0 hot0 < <(stats | tail -1)
tmp=$(mktemp -d)
{
    echo "SELECT pg_backend_pid() AS pid \\gset"
    echo "\\setenv BPID :pid"
    for i in 0 1 2; do echo "CALL bench_status_pass($((i * 1000)), 1000, $((i % 2 == 0 ? onhold : online)));"; done
    echo "\\! awk '{print \$14+\$15}' /proc/\$BPID/stat > $tmp/cpu0; date +%s%N > $tmp/t0"
    for i in $(seq 3 $((n + 2))); do echo "CALL bench_status_pass($(((i % 10) * 1000)), 1000, $(((i / 10) % 2 == 0 ? onhold : online)));"; done
    echo "\\! date +%s%N > $tmp/t1; awk '{print \$14+\$15}' /proc/\$BPID/stat > $tmp/cpu1"
} | "${P[@]}" >/dev/null
sleep 1; read -r upd1 hot1 < <(stats | tail -1)
echo "status pass (1,000 moves) on $db: backend cpu $(( ($(cat "$tmp/cpu1") - $(cat "$tmp/cpu0")) * 10 / n )) ms/pass, wall $(( ($(cat "$tmp/t1") - $(cat "$tmp/t0")) / 1000000 / n )) ms/pass, HOT $(( (hot1 - hot0) * 100 / (upd1 - upd0 > 0 ? upd1 - upd0 : 1) ))% of $((upd1 - upd0)) updates (n=$n, load $(cut -d' ' -f1 /proc/loadavg))"
rm -rf "$tmp"
