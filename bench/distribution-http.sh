#!/usr/bin/env bash
# Persisted and pushed assignments over HTTP (issue 5, point 6): starts Rolodesk (Release) on a fresh
# database, then runs `distribution-http` (N agents online with a hub client each, C workers POSTing
# /api/v1/requests) and stops the app.   bench/distribution-http.sh sqlite|postgres [requests=3000] [concurrency=16] [agents=50]
# env: ROLODESK_BENCH_PORT (5351), ROLODESK_BENCH_PG_DB (h6_distribution_bench)
set -euo pipefail
provider=${1:-sqlite}; requests=${2:-3000}; concurrency=${3:-16}; agents=${4:-50}
port=${ROLODESK_BENCH_PORT:-5351}
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${TMPDIR:-/tmp}/distribution-bench
mkdir -p "$dir"
case $provider in
  sqlite) prov=Sqlite; rm -f "$dir"/distribution.db*; conn="Data Source=$dir/distribution.db" ;;
  postgres) prov=Postgres; db=${ROLODESK_BENCH_PG_DB:-h6_distribution_bench}
    PGPASSWORD=postgres psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
    conn="Host=127.0.0.1;Username=postgres;Password=postgres;Database=$db" ;;
  *) echo "usage: $0 sqlite|postgres [requests] [concurrency] [agents]" >&2; exit 2 ;;
esac
admin=bench-admin@example.com; password=bench-pass-1; log=$dir/app-$provider.log
[ -f "$root/bench/Rolodesk.Benchmarks/bin/Release/net10.0/Rolodesk.Benchmarks.dll" ] || dotnet build -c Release "$root/bench/Rolodesk.Benchmarks" -v q -nologo > /dev/null
. "$root/bench/lib.sh"
start_app "$root" "$prov" "$conn" "$port" "$log" "$admin" "$password"
echo "== $prov POST /api/v1/requests, $agents agents, $concurrency workers; load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$root/bench/Rolodesk.Benchmarks/bin/Release/net10.0/Rolodesk.Benchmarks.dll" distribution-http --url "http://127.0.0.1:$port" \
  --email $admin --password $password --agents "$agents" --requests "$requests" --concurrency "$concurrency" --server-pid $app
