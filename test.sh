#!/usr/bin/env bash
# Runs every test of Rolodesk: unit and HTTP tests on SQLite, the HTTP tests again on PostgreSQL,
# then the browser tests. Installs and starts what they need (PostgreSQL, Redis, Chromium, from
# Debian packages) when missing. Ends with one line "N passed, M failed"; exits non-zero on any
# failure. Meant for a fresh Debian 12 machine with the .NET 10 SDK, run as root, without stdin.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIGURATION=Release
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
started=$(date +%s)

say() { printf '\n=== %s\n' "$*"; }

# --- 1. Debian packages, only when missing (one apt-get update at most) ---------------------
missing=()
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ((${#missing[@]})); then
    say "Installing ${missing[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}" </dev/null
fi

# --- 2. PostgreSQL: newest installed version, cluster "main", password "postgres" ----------
say "PostgreSQL"
pg_version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main"' | grep -q .; then
    $SUDO pg_createcluster "$pg_version" main
fi
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    $SUDO pg_ctlcluster "$pg_version" main start
fi
pg_port=$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { print $3 }')
for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$pg_port" && break
    sleep 1
done
pg_isready -h 127.0.0.1 -p "$pg_port"
# Idempotent; the tests sign in over TCP with this password.
(cd / && $SUDO runuser -u postgres -- psql -q -p "$pg_port" -c "ALTER USER postgres PASSWORD 'postgres'")
export ROLODESK_TEST_PG="${ROLODESK_TEST_PG:-Host=127.0.0.1;Port=$pg_port;Username=postgres;Password=postgres}"

# --- 3. Redis on 127.0.0.1:6379 (used by later features) -------------------------------------
say "Redis"
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
    for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
redis-cli -h 127.0.0.1 -p 6379 ping

# --- 4. Build once ---------------------------------------------------------------------------
say "Building ($CONFIGURATION)"
dotnet build Rolodesk.slnx -c "$CONFIGURATION" -v quiet -nologo

# --- 5. Test runs ----------------------------------------------------------------------------
passed=0
failed=0
status=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# run NAME PROJECT [test options...]: runs one test project and adds its figures to the totals.
run() {
    local name=$1 project=$2
    shift 2
    local log="$logs/$name.log" rc
    say "Tests: $name"
    set +e
    dotnet test --project "$project" -c "$CONFIGURATION" --no-build --no-progress --timeout 20m "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    local ok fail
    ok=$(awk '/^ *succeeded: *[0-9]+/ { n = $2 } END { print n + 0 }' "$log")
    fail=$(awk '/^ *failed: *[0-9]+/ { n = $2 } END { print n + 0 }' "$log")
    if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ] && ! { [ "$rc" -eq 8 ] && [ "$ok" -eq 0 ]; }; then
        # The run broke without reporting a failed test (crash, timeout, missing build): count it.
        echo "!!! $name ended with exit code $rc" >&2
        fail=1
    fi
    passed=$((passed + ok))
    failed=$((failed + fail))
    [ "$fail" -eq 0 ] || status=1
}

# Style is part of the build's contract: `dotnet format` must have nothing left to change.
say "Format check"
if dotnet format Rolodesk.slnx --verify-no-changes --no-restore; then
    passed=$((passed + 1))
else
    echo "!!! dotnet format found changes to make: run 'dotnet format Rolodesk.slnx'" >&2
    failed=$((failed + 1))
    status=1
fi

ROLODESK_TEST_PROVIDER=sqlite run "unit+http (SQLite)" tests/Rolodesk.Tests
ROLODESK_TEST_PROVIDER=postgres run "http (PostgreSQL)" tests/Rolodesk.Tests --filter-namespace "Rolodesk.Tests.Http*"

# The browser tests run only once the project has some (exit code 8 means "zero tests ran").
if grep -rlq --include='*.cs' --exclude-dir=bin --exclude-dir=obj -E '\[(Fact|Theory)' tests/Rolodesk.BrowserTests 2>/dev/null; then
    run "browser" tests/Rolodesk.BrowserTests
else
    say "Tests: browser - none yet, skipped"
fi

say "Done in $(( $(date +%s) - started ))s"
echo "$passed passed, $failed failed"
exit "$status"
