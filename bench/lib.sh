# Shared by the bench scripts: starts the Release server (built if missing) in its own process group and
# waits until /health answers (up to 10 minutes: migrating a 1M-user database on start takes minutes). Sets $app (the server's pid: its CPU time is the server's) and an EXIT trap
# that stops it. Usage: start_app ROOT PROVIDER CONNECTION PORT LOG ADMIN_EMAIL ADMIN_PASSWORD
start_app() {
  local root=$1 prov=$2 conn=$3 port=$4 log=$5 admin=$6 password=$7
  [ -f "$root/src/Rolodesk.Server/bin/Release/net10.0/Rolodesk.Server.dll" ] || dotnet build -c Release "$root/src/Rolodesk.Server" -v q -nologo > /dev/null
  # Request logging off: it is not what is measured.
  env ROLODESK_ADMIN_EMAIL=$admin ROLODESK_ADMIN_PASSWORD=$password Rolodesk__Database__Provider=$prov \
    "Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=Warning" "Logging__LogLevel__Rolodesk.Server.Infrastructure.SlowRequestLog=None" \
    "ConnectionStrings__Rolodesk=$conn" setsid dotnet "$root/src/Rolodesk.Server/bin/Release/net10.0/Rolodesk.Server.dll" \
    --urls "http://127.0.0.1:$port" --contentRoot "$root/src/Rolodesk.Server" > "$log" 2>&1 &
  app=$!
  trap 'kill -- -$app 2>/dev/null || true; wait $app 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/health" && return 0
    kill -0 $app 2>/dev/null || { echo "the app exited; see $log" >&2; exit 1; }
    sleep 1
  done
  echo "the app did not answer /health within 600 s; see $log" >&2; exit 1
}
