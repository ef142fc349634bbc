#!/usr/bin/env bash
# EGov.Biometrics build entry point. Every subcommand is idempotent and safe to re-run.
#   ./build.sh setup   Debian packages (only those missing), models (fetch + verify), restore, build, publish ./bin/*
#   ./build.sh test    setup, then every test project; ends with the line "N passed, M failed"
#   ./build.sh run     setup, then the product demo
#   ./build.sh bench   setup, then the headline benchmarks (LFW accuracy when $LFW or ../shared/datasets/lfw exists)
#   ./build.sh cluster setup, then PostgreSQL (./data/pg) and three egov-server silos on loopback; `cluster stop` ends them
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONFIGURATION="${CONFIGURATION:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
cd "$ROOT"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: the OpenCV runtime links GTK 3; the model fetch and the Node.js client example need npm; the
# console's browser tests drive Debian's Chromium (Playwright's own browser download cannot be fetched here); the
# demo's REST call is curl's.
ensure_packages() {
  local missing=()
  dpkg -s libgtk-3-0 >/dev/null 2>&1 || missing+=(libgtk-3-0)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Each program is published to artifacts/publish/NAME and started through a small script in ./bin.
# The folder is emptied first: publish adds to it, and what a program no longer depends on must not stay.
publish() {
  local project="$1" name="$2"
  rm -rf "artifacts/publish/$name"
  dotnet publish "$project" -c "$CONFIGURATION" --no-restore -o "artifacts/publish/$name" -v quiet -nologo >/dev/null
  mkdir -p bin
  printf '#!/bin/sh\nexec "$(dirname "$(readlink -f "$0")")/../artifacts/publish/%s/%s" "$@"\n' "$name" "$name" > "bin/$name"
  chmod +x "bin/$name"
}

setup() {
  ensure_packages
  log "models"
  node models/fetch.mjs
  log "console test tools (axe-core from npm)"
  (cd tests/EGov.Biometrics.Console.Tests && npm ci --no-audit --no-fund --silent)
  log "Node.js client example (@grpc/grpc-js and @grpc/proto-loader from npm)"
  (cd examples/node-client && npm ci --no-audit --no-fund --silent)
  log "restore and build ($CONFIGURATION)"
  dotnet restore EGov.Biometrics.sln -v quiet
  dotnet build EGov.Biometrics.sln -c "$CONFIGURATION" --no-restore -v quiet -nologo -clp:ErrorsOnly
  log "publish ./bin/egov-bio, ./bin/egov-server, ./bin/egov-edge and ./bin/egov-bench"
  publish src/EGov.Biometrics.Cli egov-bio
  publish src/EGov.Biometrics.Server egov-server
  publish edge-agent/EGov.Biometrics.Edge.Agent egov-edge
  publish benchmarks/EGov.Biometrics.Benchmarks egov-bench
  log "convert models (TensorFlow.js weights to ONNX)"
  ./bin/egov-bio models convert
}

# qemu-user runs the Arm64 build of the matching tests (xUnit v3: the test project is a program). Debian's arm64 C
# runtime and OpenSSL (the test runner hashes test IDs) come through multiarch.
ensure_arm64_emulation() {
  local missing=()
  command -v qemu-aarch64-static >/dev/null 2>&1 || missing+=(qemu-user-static)
  local lib
  for lib in libc6 libstdc++6 libgcc-s1 libssl3; do
    dpkg -s "$lib:arm64" >/dev/null 2>&1 || missing+=("$lib:arm64")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing Arm64 emulation: ${missing[*]}"
    dpkg --print-foreign-architectures | grep -qx arm64 || as_root dpkg --add-architecture arm64
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

run_arm64_matching_tests() {
  local results="$1" out="$ROOT/artifacts/arm64/matching-tests" status=0 cpu dotprod
  ensure_arm64_emulation || { log "Arm64 emulation could not be installed"; return 1; }
  log "matching tests as an Arm64 program under qemu-user"
  rm -rf "$out"
  dotnet publish tests/EGov.Biometrics.Matching.Tests -c "$CONFIGURATION" -r linux-arm64 --self-contained -o "$out" -v quiet -nologo \
    -clp:ErrorsOnly || { log "the Arm64 build of the matching tests failed"; return 1; }
  # W^X off: with it the emulated runs crashed (illegal instructions, corrupt metadata): the JIT writes code through a
  # second mapping, whose writes qemu-user does not notice, so it went on running what it had translated before.
  # Left out: HNSW's searches (USearch ships no linux-arm64 library; HNSW is only the benchmark's comparison, and a
  # test checks the index refuses there), and huge-page advice (qemu-user answers /proc/self/smaps for itself).
  # EGOV_EXPECT_ARM_DOTPROD makes a test check that each CPU model offers sdot or not, as it should.
  for cpu in cortex-a76:1 cortex-a72:0; do
    dotprod="${cpu#*:}" cpu="${cpu%:*}"
    EGOV_EXPECT_ARM_DOTPROD="$dotprod" DOTNET_EnableWriteXorExecute=0 \
      timeout -k 30s 30m qemu-aarch64-static -L / -cpu "$cpu" "$out/EGov.Biometrics.Matching.Tests" -noColor -noLogo \
      -method- "EGov.Biometrics.Matching.Tests.HnswTemplateIndexTests.Hnsw_*" \
      -method- "EGov.Biometrics.Matching.Tests.HnswTemplateIndexTests.Removed_*" \
      -class- "EGov.Biometrics.Matching.Tests.MemoryAdviceTests" \
      -result-trx "$results/EGov.Biometrics.Matching.Tests.arm64-$cpu.trx" || { status=$?; log "Arm64 matching tests on $cpu: exit $status"; }
  done
  return "$status"
}

run_tests() {
  local results="$ROOT/artifacts/test-results"
  rm -rf "$results"
  log "tests"
  local status=0 project
  # One project at a time with its own TRX name: parallel runs can write TRX files of the same name.
  for project in tests/*/*.csproj; do
    local name; name="$(basename "$project" .csproj)"
    dotnet test "$project" -c "$CONFIGURATION" --no-build -v quiet -nologo --blame-hang-timeout 10m \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?
  done
  # On an AVX-512 machine the matching kernels run again with AVX-512 off, so their AVX2 paths are tested too.
  if grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
    DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0 dotnet test tests/EGov.Biometrics.Matching.Tests -c "$CONFIGURATION" --no-build -v quiet -nologo \
      --blame-hang-timeout 10m --logger "trx;LogFileName=EGov.Biometrics.Matching.Tests.avx2.trx" --logger "console;verbosity=minimal" \
      --results-directory "$results" || status=$?
  fi
  # Edge boxes are Arm64: on an x86-64 machine the matching tests run again as Arm64 programs under qemu-user, once
  # on a core with sdot (Cortex-A76) and once on one without (Cortex-A72), so every Arm kernel path is tested too.
  if [ "$(uname -m)" = x86_64 ]; then
    run_arm64_matching_tests "$results" || status=$?
  fi
  # dotnet test prints no single total: add the counters of every TRX file.
  local passed=0 failed=0 skipped=0 files=0
  while IFS= read -r trx; do
    files=$((files + 1))
    local counters
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
    value() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
    passed=$((passed + $(value passed)))
    failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
    skipped=$((skipped + $(value notExecuted) + $(value notRunnable)))
  done < <(find "$results" -name '*.trx' 2>/dev/null)
  if [ "$files" -eq 0 ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
    failed=$((failed + 1)) # the run broke before reporting (build error or crashed test host)
  fi
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ]
}

# The product on the embedded SQLite registry: a server, a demo set enrolled, and a simulated desk.
demo() {
  local data="$ROOT/data/demo" url="https://127.0.0.1:${EGOV_PORT:-5001}" photos="models/cache/assets"
  rm -rf "$data"
  export EGOV_DATA_DIR="$data" EGOV_SERVER="$url"
  log "starting egov-server on $url (data: $data)"
  mkdir -p "$ROOT/artifacts"
  ./bin/egov-server --data-dir "$data" --urls "$url" --reflection > "$ROOT/artifacts/egov-server.log" 2>&1 &
  SERVER_PID=$!
  trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null' EXIT
  for _ in $(seq 1 60); do [ -f "$data/bootstrap-admin.key" ] && grep -q "Application started" "$ROOT/artifacts/egov-server.log" && break; sleep 0.5; done
  if ! grep -q "Application started" "$ROOT/artifacts/egov-server.log"; then
    echo "egov-server did not start (is port ${EGOV_PORT:-5001} taken? EGOV_PORT picks another); its log:" >&2
    tail -n 20 "$ROOT/artifacts/egov-server.log" >&2
    exit 1
  fi
  local admin enroller operator operator8 supervisor device
  admin="$(cat "$data/bootstrap-admin.key")"
  enroller="$(./bin/egov-bio keys create --api-key "$admin" --role enroller)"
  operator="$(./bin/egov-bio keys create --api-key "$admin" --role operator)"
  operator8="$(./bin/egov-bio keys create --api-key "$admin" --role operator --for-desk desk-8)"
  supervisor="$(./bin/egov-bio keys create --api-key "$admin" --role supervisor)"
  device="$(./bin/egov-bio keys create --api-key "$admin" --role device --for-desk desk-8)"

  log "one-person portraits cut from the test photos (group photos of 3-5 people: enrolment and verification refuse several people)"
  local portraits="$ROOT/data/demo-portraits"
  mkdir -p "$portraits"
  for n in 1 2 3 4 5 6; do ./bin/egov-bio portrait "$photos/sample$n.jpg" --out "$portraits/sample$n.jpg"; done

  log "enrolling four citizens from the portraits"
  for n in 1 4 5 6; do
    ./bin/egov-bio enroll --api-key "$enroller" --desk enrolment-1 --id "3000000000000$n" "$portraits/sample$n.jpg"
  done
  log "refused: sample3 shows the citizen of sample1 again (duplicate check), sample2's face is turned away (quality gate), a group photo shows several people"
  ./bin/egov-bio enroll --api-key "$enroller" --desk enrolment-1 --id 30000000000003 "$portraits/sample3.jpg" || true
  ./bin/egov-bio enroll --api-key "$enroller" --desk enrolment-1 --id 30000000000002 "$portraits/sample2.jpg" || true
  ./bin/egov-bio enroll --api-key "$enroller" --desk enrolment-1 --id 30000000000002 "$photos/sample2.jpg" || true

  log "desk 7: citizens without passports (sample3 is a second photo of citizen 1; sample5 is someone else)"
  ./bin/egov-bio verify --api-key "$operator" --desk desk-7 --id 30000000000001 "$portraits/sample3.jpg"
  ./bin/egov-bio verify --api-key "$operator" --desk desk-7 --id 30000000000004 "$portraits/sample5.jpg"
  ./bin/egov-bio verify --api-key "$operator" --desk desk-7 --id 30000000000009 "$portraits/sample6.jpg"
  log "supervisor: who is this?"
  ./bin/egov-bio identify --api-key "$supervisor" --desk desk-7 "$portraits/sample3.jpg"
  log "no key, wrong role"
  ./bin/egov-bio verify --id 30000000000004 "$portraits/sample4.jpg" || true
  ./bin/egov-bio identify --api-key "$operator" "$portraits/sample3.jpg" || true

  log "REST/JSON, as another system calls it (README): POST /v1/verify with curl, sample3 against citizen 1"
  printf '{"pinfl": "30000000000001", "probe": {"image": "%s"}}' "$(base64 -w0 "$portraits/sample3.jpg")" |
    curl -sS --cacert "$data/server.crt" "$url/v1/verify" -H "x-api-key: $operator" -H 'x-desk-id: desk-7' -H 'content-type: application/json' -d @-
  echo

  log "desk 8: active liveness check OFF for this desk: its simulated camera replays a still photo (no blink or head turn to see)"
  ./bin/egov-bio desks policy --api-key "$admin" --for-desk desk-8 --active-check off
  log "desk 8: the camera's edge agent streams a visit (sample4's group, then sample6's) and stops when all is delivered"
  local footage="$ROOT/data/demo-footage" edge=(--server "$url" --desk desk-8 --api-key "$device" --ca "$data/server.crt" --data-dir "$ROOT/data/demo-edge")
  rm -rf "$footage" "$ROOT/data/demo-edge" "$ROOT/data/demo-hall"
  mkdir -p "$footage/visit" "$footage/live"
  for i in $(seq -w 1 15); do
    cp "$photos/sample4.jpg" "$footage/visit/a-$i.jpg"; cp "$photos/sample6.jpg" "$footage/visit/b-$i.jpg"; cp "$photos/sample4.jpg" "$footage/live/$i.jpg"
  done
  ./bin/egov-edge --source "$footage/visit" --once --frame-rate 10 "${edge[@]}" 2>&1 | grep -E "Connected|Done" || true
  log "desk 8: an operator verifies the citizen now in front of the camera (the agent sends its next best capture)"
  ./bin/egov-edge --source "$footage/live" --loop --frame-rate 10 --centre "Centre 1" "${edge[@]}" > "$ROOT/artifacts/egov-edge.log" 2>&1 &
  EDGE_PID=$!
  trap 'kill "$EDGE_PID" "${HALL_PID:-}" "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null' EXIT
  for _ in $(seq 1 60); do ./bin/egov-bio desks --api-key "$supervisor" --json 2>/dev/null | grep -q '"desk":"desk-8","online":true' && break; sleep 0.5; done
  ./bin/egov-bio verify-at-desk --api-key "$operator8" --desk desk-8 --at desk-8 --id 30000000000004 --json || true
  log "Situation Center: every desk"
  ./bin/egov-bio desks --api-key "$supervisor" --json

  log "statistics and the audit chain"
  ./bin/egov-bio stats --api-key "$admin"
  ./bin/egov-bio audit verify --data-dir "$data"
  console_accounts "$admin" "$url" "$data"
}

# People's accounts for the console, with passwords made here and shown once (never stored in the repo),
# a waiting-hall camera for the Situation Center, then the console stays up until Ctrl+C.
console_accounts() {
  local admin="$1" url="$2" data="$3" hall_key line accounts=()
  hall_key="$(./bin/egov-bio keys create --api-key "$admin" --role device --for-desk hall-1)"
  ./bin/egov-edge --source "$ROOT/data/demo-footage/live" --loop --frame-rate 5 --mode hall --centre "Centre 1" \
    --server "$url" --desk hall-1 --api-key "$hall_key" --ca "$data/server.crt" --data-dir "$ROOT/data/demo-hall" > "$ROOT/artifacts/egov-hall.log" 2>&1 &
  HALL_PID=$!
  for line in "operator8 operator desk-8" "enroller1 enroller" "supervisor1 supervisor" "auditor1 auditor" "admin1 admin"; do
    set -- $line
    local password
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-16)"
    printf '%s\n' "$password" | ./bin/egov-bio users create --api-key "$admin" --username "$1" --role "$2" ${3:+--for-desk "$3"} --password-stdin >/dev/null
    accounts+=("$(printf '  %-12s %-18s %s' "$1" "$password" "$2${3:+ at $3}")")
  done
  log "the console: open $url/ (the certificate is the demo's own, self-signed: $data/server.crt)"
  printf '%s\n' "  user         password           role" "${accounts[@]}"
  log "desk-8 shows sample4's face to its camera: sign in as operator8 and verify PINFL 30000000000004. Ctrl+C stops."
  wait "$SERVER_PID"
}

# The cluster on loopback: PostgreSQL under ./data/pg, three egov-server silos (each a full front end: gRPC, REST,
# console) as background processes with their pid files and logs under ./data/cluster, one key ring for all of
# them. Re-running starts only what is not running; `./build.sh cluster stop` ends the silos, then PostgreSQL.
CLUSTER="$ROOT/data/cluster"
CLUSTER_PG="$ROOT/data/pg"
CLUSTER_SILOS=3

silo_front() { echo "https://127.0.0.1:$((5100 + $1))"; }

# A pid file whose process is gone (or is now another program, after a reboot) means the silo is not running.
silo_running() { [ -f "$CLUSTER/silo-$1.pid" ] && grep -qa egov-server "/proc/$(cat "$CLUSTER/silo-$1.pid")/cmdline" 2>/dev/null; }

# gRPC health over curl (HTTP/2, a length-prefixed empty request): the answer SERVING is the bytes 00 00 00 00 02 08 01.
silo_serving() {
  printf '\0\0\0\0\0' | curl -sS --max-time 5 --http2 --cacert "$CLUSTER/silo-$1/server.crt" -H 'content-type: application/grpc' -H 'te: trailers' \
    --data-binary @- "$(silo_front "$1")/grpc.health.v1.Health/Check" 2>/dev/null | od -An -tx1 | tr -d ' \n' | grep -qx 00000000020801
}

start_silo() {
  local n="$1" connection="$2" folder="$CLUSTER/silo-$1"
  if silo_running "$n"; then
    log "silo $n already runs (pid $(cat "$CLUSTER/silo-$n.pid"))"
    return
  fi
  # One TLS certificate for every front end (clients pin one file): the first silo's, copied before a silo's first start.
  if [ "$n" -gt 1 ] && [ ! -f "$folder/server.pfx" ]; then
    mkdir -p "$folder" && chmod 700 "$folder"
    install -m 600 "$CLUSTER/silo-1/server.pfx" "$folder/server.pfx"
  fi
  log "starting silo $n: $(silo_front "$n") (silo port $((11110 + n)), gateway $((30000 + n)); log $CLUSTER/silo-$n.log)"
  # Its own session, so that the silo outlives this script and a Ctrl+C in the terminal that started it.
  setsid ./bin/egov-server --data-dir "$folder" --urls "$(silo_front "$n")" --key-ring "$CLUSTER/template-keys.json" \
    --postgres "$connection" --postgres-password-file "$CLUSTER_PG.password" \
    --cluster --silo-port $((11110 + n)) --gateway-port $((30000 + n)) --cluster-id egov \
    >> "$CLUSTER/silo-$n.log" 2>&1 < /dev/null &
  echo $! > "$CLUSTER/silo-$n.pid"
}

wait_silo() {
  local n="$1"
  for _ in $(seq 1 240); do
    silo_serving "$n" && return
    silo_running "$n" || break
    sleep 0.5
  done
  echo "silo $n did not come up; the end of $CLUSTER/silo-$n.log:" >&2
  tail -n 20 "$CLUSTER/silo-$n.log" >&2
  exit 1
}

cluster_start() {
  mkdir -p "$CLUSTER"
  chmod 700 "$CLUSTER"
  log "PostgreSQL in $CLUSTER_PG on 127.0.0.1:${EGOV_PG_PORT:-5433}"
  local connection n
  connection="$(scripts/postgres.sh start "$CLUSTER_PG" "${EGOV_PG_PORT:-5433}")"
  # The first silo alone: on its first start it makes the key ring (mode 600) the others share, the schema and the admin key.
  start_silo 1 "$connection"
  wait_silo 1
  cp "$CLUSTER/silo-1/server.crt" "$CLUSTER/server.crt"
  for n in $(seq 2 "$CLUSTER_SILOS"); do start_silo "$n" "$connection"; done
  for n in $(seq 2 "$CLUSTER_SILOS"); do wait_silo "$n"; done

  local admin password
  admin="$(cat "$CLUSTER/silo-1/bootstrap-admin.key")"
  # A console account for the administrator, with a password made here and shown once (reset on every run).
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-16)"
  local client=(--server "$(silo_front 1)" --ca "$CLUSTER/server.crt" --api-key "$admin")
  printf '%s\n' "$password" | ./bin/egov-bio users create "${client[@]}" --username admin1 --role admin --password-stdin >/dev/null 2>&1 \
    || printf '%s\n' "$password" | ./bin/egov-bio users reset-password "${client[@]}" --username admin1 --password-stdin >/dev/null

  log "the cluster: $CLUSTER_SILOS silos on PostgreSQL $connection"
  for n in $(seq 1 "$CLUSTER_SILOS"); do
    printf '  silo %s  %s  (pid %s, log %s)\n' "$n" "$(silo_front "$n")" "$(cat "$CLUSTER/silo-$n.pid")" "$CLUSTER/silo-$n.log"
  done
  printf '  console      %s/ (any silo; the certificate, the same on every silo: %s)\n' "$(silo_front 1)" "$CLUSTER/server.crt"
  printf '  console user admin1, password %s\n' "$password"
  printf '  admin key    %s (in %s)\n' "$admin" "$CLUSTER/silo-1/bootstrap-admin.key"
  printf '  PostgreSQL   password in %s (egov-bio audit verify --postgres … --postgres-password-file it)\n' "$CLUSTER_PG.password"
  printf '  stop         ./build.sh cluster stop   (data stays; to start afresh: rm -rf data/cluster data/pg data/pg.password)\n'
}

cluster_stop() {
  local n pid
  for n in $(seq 1 "$CLUSTER_SILOS"); do
    if silo_running "$n"; then
      pid="$(cat "$CLUSTER/silo-$n.pid")"
      log "stopping silo $n (pid $pid)"
      kill -TERM "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$CLUSTER/silo-$n.pid"
  done
  if [ -d "$CLUSTER_PG" ] || [ -L "$CLUSTER_PG" ]; then
    log "stopping PostgreSQL ($CLUSTER_PG)"
    scripts/postgres.sh stop "$CLUSTER_PG"
  fi
}

LFW="${LFW:-$ROOT/../shared/datasets/lfw}"

bench() {
  log "pipeline"
  ./bin/egov-bench pipeline "$@"
  log "matching (1,000,000 x 512)"
  ./bin/egov-bench match
  log "service under load (100,000 subjects; 1, 16, 64 clients)"
  ./bin/egov-bench load
  log "edge agent (frame rate; memory under a fast and a slow server)"
  ./bin/egov-bench edge
  if [ -f "$LFW/pairs.txt" ]; then
    log "LFW accuracy ($LFW)"
    ./bin/egov-bench lfw --dataset "$LFW" --compare --plot-dir "$ROOT/docs/accuracy"
  else
    log "LFW not found at $LFW (set LFW=DIR): accuracy benchmark skipped"
  fi
}

case "${1:-}" in
  setup) setup ;;
  test) setup && run_tests ;;
  run) setup && demo ;;
  bench) shift; setup && bench "$@" ;;
  cluster)
    case "${2:-start}" in
      start)
        # Publishing replaces the binaries under silos that still run: with one silo running, the rest start from
        # what is published (a restarted silo must run the same build as its peers).
        local_running=0
        for n in $(seq 1 "$CLUSTER_SILOS"); do silo_running "$n" && local_running=1; done
        if [ "$local_running" -eq 1 ]; then
          log "silos are running: starting the missing ones from the build they run (no setup; './build.sh cluster stop' first to rebuild)"
          cluster_start
        else
          setup && cluster_start
        fi ;;
      stop) cluster_stop ;;
      *) echo "usage: ./build.sh cluster [stop]" >&2; exit 64 ;;
    esac ;;
  *) echo "usage: ./build.sh setup|test|run|bench|cluster [stop]" >&2; exit 64 ;;
esac
