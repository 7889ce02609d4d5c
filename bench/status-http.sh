#!/usr/bin/env bash
# Status changes over HTTP (issue 4, point 8): prepares a fresh database of 10,000 signed-in agents,
# starts Rolodesk (Release) on it, then runs the load tool on
#   PUT /api/v1/agents/{agent}/status  (supervisor token, rotating over every agent, each request a change)
#   PUT /api/v1/me/status              (one agent's token, alternating two statuses)
# and stops the app.   bench/status-http.sh sqlite|postgres [seconds=10] [concurrency=16]
# env: ROLODESK_BENCH_PORT (5306); ROLODESK_STATUS_SQLITE / ROLODESK_STATUS_PG: the database to (re)create
#      (defaults: $TMPDIR/status-perf-bench/statuses.db, PostgreSQL database status_perf_bench)
set -euo pipefail
provider=${1:-sqlite}; seconds=${2:-10}; concurrency=${3:-16}
port=${ROLODESK_BENCH_PORT:-5306}
root=$(cd "$(dirname "$0")/.." && pwd)
case $provider in
  sqlite) prov=Sqlite; conn=${ROLODESK_STATUS_SQLITE:-"Data Source=${TMPDIR:-/tmp}/status-perf-bench/statuses.db"} ;;
  postgres) prov=Postgres; conn=${ROLODESK_STATUS_PG:-"Host=127.0.0.1;Username=postgres;Password=postgres;Database=status_perf_bench"} ;;
  *) echo "usage: $0 sqlite|postgres [seconds] [concurrency]" >&2; exit 2 ;;
esac
admin=bench-admin@example.com; agent=bench-agent@example.com; password=bench-pass-1
log=${TMPDIR:-/tmp}/status-perf-bench/app-$provider.log
mkdir -p "$(dirname "$log")"

dotnet build -c Release "$root/bench/Rolodesk.Benchmarks" -v q -nologo > /dev/null
bench() { dotnet run -c Release --no-build --project "$root/bench/Rolodesk.Benchmarks" -- "$@"; }
ready=$(bench statuses --mode generate --provider "$provider" --connection "$conn" --agent-email $agent --admin-email $admin --password $password | tee /dev/stderr | grep '^Agent ')
# "Agent E (id N) is ready; agents FROM-TO; statuses online A, on hold B, lunch C."
range=$(sed -E 's/.*agents ([0-9]+-[0-9]+);.*/\1/' <<< "$ready")
onhold=$(sed -E 's/.*on hold ([0-9]+),.*/\1/' <<< "$ready"); online=$(sed -E 's/.*online ([0-9]+),.*/\1/' <<< "$ready")

. "$root/bench/lib.sh"
start_app "$root" "$prov" "$conn" "$port" "$log" "$admin" "$password"

# CPU per request of the app and, on PostgreSQL, of its backends.
cpu=(--server-pid "$app")
[ "$provider" = postgres ] && cpu+=(--pg-database "$(sed -nE 's/.*Database=([^;]+).*/\1/p' <<< "$conn")")

echo; echo "== $prov PUT /api/v1/agents/{agent}/status over agents $range (supervisor), load average $(cut -d' ' -f1-3 /proc/loadavg)"
bench load --url "http://127.0.0.1:$port" --email $admin --password $password --method put --seconds "$seconds" --concurrency "$concurrency" "${cpu[@]}" \
  --path "/api/v1/agents/{agent}/status" --agents "$range" --statuses "$onhold,$online" --body '{"statusId":{status},"source":"analytics"}' || true
echo; echo "== $prov PUT /api/v1/me/status (one agent), load average $(cut -d' ' -f1-3 /proc/loadavg)"
bench load --url "http://127.0.0.1:$port" --email $agent --password $password --method put --seconds "$seconds" --concurrency "$concurrency" "${cpu[@]}" \
  --path "/api/v1/me/status" --statuses "$onhold,$online" --body '{"statusId":{status}}' || true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
