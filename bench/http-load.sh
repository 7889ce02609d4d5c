#!/usr/bin/env bash
# End-to-end HTTP figures: starts Rolodesk (Release) on the benchmark database of one provider,
# runs the load tool against the user list, stops the app.
#   bench/http-load.sh sqlite|postgres [seconds=10] [concurrency=8]
# env: ROLODESK_BENCH_PORT (5104), ROLODESK_BENCH_SQLITE, ROLODESK_BENCH_PG (connection strings)
set -euo pipefail
provider=${1:-sqlite}; seconds=${2:-10}; concurrency=${3:-8}
port=${ROLODESK_BENCH_PORT:-5104}
root=$(cd "$(dirname "$0")/.." && pwd)
case $provider in
  sqlite) prov=Sqlite; conn=${ROLODESK_BENCH_SQLITE:-"Data Source=${TMPDIR:-/tmp}/rolodesk-bench/rolodesk.db"} ;;
  postgres) prov=Postgres; conn=${ROLODESK_BENCH_PG:-"Host=127.0.0.1;Username=postgres;Password=postgres;Database=rolodesk_bench"} ;;
  *) echo "usage: $0 sqlite|postgres [seconds] [concurrency]" >&2; exit 2 ;;
esac
email=bench-admin@example.com; password=bench-pass-1
log=${TMPDIR:-/tmp}/rolodesk-bench/app-$provider.log
mkdir -p "$(dirname "$log")"

dotnet build -c Release "$root/bench/Rolodesk.Benchmarks" -v q -nologo > /dev/null
bench() { dotnet run -c Release --no-build --project "$root/bench/Rolodesk.Benchmarks" -- "$@"; }
bench generate --users 100000 --top-up --provider "$provider" --connection "$conn" \
  --admin-email $email --admin-password $password

# The app's own group, so stopping it never touches anything else.
ROLODESK_ADMIN_EMAIL=$email ROLODESK_ADMIN_PASSWORD=$password Rolodesk__Database__Provider=$prov \
ConnectionStrings__Rolodesk=$conn setsid dotnet run -c Release --no-build --project "$root/src/Rolodesk.Server" \
  --urls "http://127.0.0.1:$port" > "$log" 2>&1 &
app=$!
trap 'kill -- -$app 2>/dev/null || true; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break
  kill -0 $app 2>/dev/null || { echo "the app exited; see $log" >&2; exit 1; }
  sleep 1
done

for path in "/api/v1/users?page=1&pageSize=50" "/api/v1/users?page=1000&pageSize=50" "/api/v1/users?search=smith&page=1&pageSize=50"; do
  echo; echo "== $prov $path"
  bench load --url "http://127.0.0.1:$port" --email $email --password $password \
    --seconds "$seconds" --concurrency "$concurrency" --path "$path" || true
done
