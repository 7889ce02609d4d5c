#!/usr/bin/env bash
# Re-measures every issue 3 and issue 4 target in one sequential run (about 10 minutes) on a quiet machine.
# Needs the 1M-user data of docs/PERFORMANCE.md ("generate --fields"), as three copies so that writes of one
# step do not change the data of another:
#   SQLITE_CARD   read-only card reads           (default /tmp/perf-bench/rolodesk.db)
#   SQLITE_HTTP   the app for HTTP reads/creates/filters (default /tmp/perf-contacts/rolodesk.db; gets new users)
#   SQLITE_FILTER in-process filter              (default /tmp/perf-filter/rolodesk.db)
#   PG_CARD / PG_FILTER  PostgreSQL databases    (defaults perf_bench / perf_filter_bench, VACUUM ANALYZEd)
# The statuses, push and import steps build their own databases; the report steps reuse theirs (see below). Output: one block per step with the load average.
cd "$(dirname "$0")/.."
B="dotnet run -c Release --no-build --project bench/Rolodesk.Benchmarks --"
PG="Host=127.0.0.1;Username=postgres;Password=postgres"
step() { echo "=== $(date +%T) $1 load $(cut -d' ' -f1-3 /proc/loadavg)"; }
dotnet build -c Release bench/Rolodesk.Benchmarks -v q -nologo >/dev/null && dotnet build -c Release src/Rolodesk.Server -v q -nologo >/dev/null || exit 1
step card-sqlite; ROLODESK_BENCH_SQLITE="Data Source=${SQLITE_CARD:-/tmp/perf-bench/rolodesk.db}" $B card --provider sqlite --reads 20000 2>&1 | tail -8
step card-pg; ROLODESK_BENCH_PG="$PG;Database=${PG_CARD:-perf_bench}" $B card --provider postgres --reads 20000 2>&1 | tail -8
# Loopback without TLS (README, "Configure"): what a local deployment should use.
step card-pg-no-tls; ROLODESK_BENCH_PG="$PG;Database=${PG_CARD:-perf_bench};SSL Mode=Disable" $B card --provider postgres --reads 20000 2>&1 | tail -8
# The pool's reset on every return (on before session 5; DatabaseSetup.WithoutResetOnClose turns it off): for comparison.
step card-pg-reset; ROLODESK_BENCH_PG="$PG;Database=${PG_CARD:-perf_bench};SSL Mode=Disable;No Reset On Close=false" $B card --provider postgres --reads 20000 2>&1 | tail -8
. bench/lib.sh
startapp() { start_app "$PWD" "$2" "$1" "$3" "${TMPDIR:-/tmp}/remeasure-app-$3.log" admin@example.com admin-pass-1; } # $1 conn $2 provider $3 port
stopapp() { kill -- -$app 2>/dev/null; wait $app 2>/dev/null; }
startapp "Data Source=${SQLITE_HTTP:-/tmp/perf-contacts/rolodesk.db}" Sqlite 5210
for r in 1 2; do step "http-card-sqlite run $r"; $B load --url http://127.0.0.1:5210 --email admin@example.com --password admin-pass-1 --path /api/v1/users/7 --seconds 10 --concurrency 16 2>&1 | tail -4; done
BODY='{"name":"Load User {n}","email":"load.{run}.{n}@example.com","customFields":{"plan":"o5","text_06":"note {n}","date_07":"2024-05-01"}}'
for c in 16 16 64 64 2; do step "http-create-sqlite c$c"; $B load --url http://127.0.0.1:5210 --email admin@example.com --password admin-pass-1 --path /api/v1/users --seconds 8 --concurrency $c --body "$BODY" --server-pid $app 2>&1 | tail -5; done
for q in "cf.plan=o1&cf.score.from=300&cf.score.to=399" "cf.plan=o0&cf.score.from=300&cf.score.to=399" "cf.plan=o1&cf.score.from=300&cf.score.to=399&total=false" "cf.plan=o0&cf.score.from=300&cf.score.to=399&total=false"; do step "http-filter-sqlite $q"; $B load --url http://127.0.0.1:5210 --email admin@example.com --password admin-pass-1 --path "/api/v1/users?$q" --seconds 10 --warmup 3 --concurrency 1 2>&1 | tail -4; done
stopapp
# Creates on PostgreSQL: an app on a copy of the card database (creates write to it), loopback without TLS.
if psql "postgresql://postgres:postgres@127.0.0.1/postgres" -qc "DROP DATABASE IF EXISTS remeasure_create_pg" -c "CREATE DATABASE remeasure_create_pg TEMPLATE ${PG_CARD:-perf_bench}" >/dev/null; then
  startapp "$PG;Database=remeasure_create_pg;SSL Mode=Disable" Postgres 5212
  for c in 16 16 64 64; do step "http-create-pg c$c"; $B load --url http://127.0.0.1:5212 --email admin@example.com --password admin-pass-1 --path /api/v1/users --seconds 8 --concurrency $c --body "$BODY" --server-pid $app 2>&1 | tail -5; done
  stopapp; psql "postgresql://postgres:postgres@127.0.0.1/postgres" -qc "DROP DATABASE remeasure_create_pg" >/dev/null
fi
# The filter databases at the current schema first (no-op when they are; ADR 0010's migration: ~40 s SQLite, ~95 s PostgreSQL with its VACUUM).
step migrate-filter; $B migrate --provider sqlite --connection "Data Source=${SQLITE_FILTER:-/tmp/perf-filter/rolodesk.db}" 2>&1 | tail -2; $B migrate --provider postgres --connection "$PG;Database=${PG_FILTER:-perf_filter_bench}" 2>&1 | tail -2
step filter-sqlite; $B filter --provider sqlite --connection "Data Source=${SQLITE_FILTER:-/tmp/perf-filter/rolodesk.db}" --runs 20 --json-runs 1 --parts 2>&1 | tail -27
step filter-pg; $B filter --provider postgres --connection "$PG;Database=${PG_FILTER:-perf_filter_bench}" --runs 20 --json-runs 1 --parts 2>&1 | tail -27
# The broad count's statement alone in psql: the PostgreSQL backend's CPU per run (the filter-pg count's floor).
step filter-pg-count-cpu; bash bench/pg-statement-cpu.sh bench/sql/filter-broad-count.pg.sql 20 "${PG_FILTER:-perf_filter_bench}" 2>&1
step statuses-sqlite; $B statuses --provider sqlite 2>&1 | tail -25
step statuses-pg; $B statuses --provider postgres 2>&1 | tail -25
# The same with one batch in flight (session 4's group commit) for comparison, and without TLS on loopback.
step statuses-pg-one-lane; $B statuses --provider postgres --lanes 1 --mode changes 2>&1 | tail -4
step statuses-pg-no-tls; $B statuses --provider postgres --connection "$PG;Database=status_perf_bench;SSL Mode=Disable" 2>&1 | tail -25
# Session 6: twenty passes of the sweep moving 1,000 agents (is it steady?); session 8: after 60 warm-up rounds (the first passes run while the JIT tiers up), reported on a line of their own.
step statuses-sweep-sqlite; $B statuses --provider sqlite --mode sweep --rounds 20 2>&1 | grep -E "sorted|invariant"
step statuses-sweep-pg; $B statuses --provider postgres --mode sweep --rounds 20 2>&1 | grep -E "sorted|invariant"
# Session 7: the writer's statements alone for passes of 1,000 moves in psql, on the database the sweep step left (backend CPU, HOT share).
step statuses-pass-pg-cpu; bash bench/status-pass-cpu.sh 30 2>&1
step status-http-sqlite; bash bench/status-http.sh sqlite 10 16 2>&1 | grep -v "^Agent" | tail -14
step status-http-pg; bash bench/status-http.sh postgres 10 16 2>&1 | grep -v "^Agent" | tail -14
# The report's rollup idle (it back-fills the bench's history right after the app starts), and loopback without TLS.
step status-http-pg-rollup-idle-no-tls; Rolodesk__Reports__RollupInterval=0 ROLODESK_STATUS_PG="$PG;Database=status_perf_bench;SSL Mode=Disable" \
  bash bench/status-http.sh postgres 10 16 2>&1 | grep -v "^Agent" | tail -14
rm -f ${TMPDIR:-/tmp}/remeasure-push.db*; startapp "Data Source=${TMPDIR:-/tmp}/remeasure-push.db" Sqlite 5211
step push-sqlite; $B push --url http://127.0.0.1:5211 --email admin@example.com --password admin-pass-1 --clients 200 --agents 50 --rate 20 --changes 600 --warmup 40 --server-pid $app 2>&1 | tail -12
stopapp
step import-sqlite; $B import --provider sqlite --users 100000 --runs 1 2>&1 | tail -12
step import-pg; $B import --provider postgres --users 100000 --runs 1 2>&1 | tail -12
# The engines' own cost of those index rows per schema variant (reads the two import databases above; about 3 minutes).
step import-floor; bash bench/import-floor.sh "${TMPDIR:-/tmp}/rolodesk-bench/import.db" csv_import_bench 2>&1 | grep -E "^(sqlite|postgres) "
step import-check-only; $B import --provider sqlite --users 100000 --runs 1 --check-only 2>&1 | tail -4
step distribution-engine; $B distribution-engine --agents 1000 --decisions 2000000 2>&1 | tail -3
step distribution-http-sqlite; bash bench/distribution-http.sh sqlite 3000 16 50 2>&1 | tail -5
step distribution-http-pg; bash bench/distribution-http.sh postgres 3000 16 50 2>&1 | tail -5
# 64 workers: bigger group commits per distribution run (docs/PERFORMANCE.md, "Session 5 — Assignments over HTTP").
step distribution-http-sqlite-c64; bash bench/distribution-http.sh sqlite 3000 64 50 2>&1 | tail -5
step distribution-http-pg-c64; bash bench/distribution-http.sh postgres 3000 64 50 2>&1 | tail -5
# Issue 5's report on a year of history for 1,000 agents (~10M intervals) kept between runs: SQLite file
# ${REPORT_SQLITE:-/tmp/report-bench/rolodesk.db}, PostgreSQL database ${REPORT_PG:-report_bench}. --reuse generates the
# history (~8 min SQLite, ~16 min PostgreSQL) and builds its rollup (~10 min each) only when missing; later runs
# only catch the rollup up to today and time the reports.
step report-sqlite; $B report --provider sqlite --connection "Data Source=${REPORT_SQLITE:-/tmp/report-bench/rolodesk.db}" --reuse --mode run --runs 10 2>&1 | tail -8
step report-pg; $B report --provider postgres --connection "$PG;Database=${REPORT_PG:-report_bench};Command Timeout=600" --reuse --mode run --runs 10 2>&1 | tail -8
step done
