#!/usr/bin/env bash
# Bulk import benchmark: `egov-bio import` of LFW identities against a local egov-server on a fresh registry.
#   benchmarks/import-lfw.sh [IDENTITIES] [DUPLICATES] [PHOTOS_PER_ROW] [WORKERS] [FMR]   (defaults 2000 100 2 4, FMR 0: the model's default)
# One manifest row per identity (an even spread over LFW's names, sorted), its first PHOTOS_PER_ROW photos; DUPLICATES
# identities with two photos or more are listed again at the end under another PINFL with their last photo (the row
# of the identity itself keeps the others): the duplicates the import must find. The import is killed with SIGKILL
# once half the rows are in its journal and run again; then every row must be accounted for once, and the registry
# (subjects, enrolment keys, 'enrolled' audit entries) must hold each enrolled row once. Prints the figures for
# docs/benchmarks.md. Needs ./bin/egov-server and ./bin/egov-bio (./build.sh setup), python3 and LFW at
# $LFW or ../shared/datasets/lfw (images/NAME/NAME_0001.jpg).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
IDENTITIES="${1:-2000}" DUPLICATES="${2:-100}" PHOTOS="${3:-2}" WORKERS="${4:-4}" FMR="${5:-0}"
LFW="${LFW:-$ROOT/../shared/datasets/lfw}"
[ -d "$LFW/images" ] || LFW=/work/shared/datasets/lfw
[ -d "$LFW/images" ] || { echo "LFW not found: set LFW to the folder holding images/" >&2; exit 2; }
OUT="$ROOT/artifacts/bench-import"
PORT="${EGOV_BENCH_PORT:-5399}"
URL="https://127.0.0.1:$PORT"
rm -rf "$OUT" && mkdir -p "$OUT"

python3 - "$LFW/images" "$OUT" "$IDENTITIES" "$DUPLICATES" "$PHOTOS" <<'EOF'
import os, sys
images, out, count, duplicates, per_row = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
names = sorted(os.listdir(images))
chosen = [names[i * len(names) // count] for i in range(count)]
photos = {n: sorted(os.path.join(images, n, f) for f in os.listdir(os.path.join(images, n))) for n in chosen}
multi = [n for n in chosen if len(photos[n]) >= 2]
step = max(1, len(multi) // max(1, duplicates))
twice = set(multi[::step][:duplicates])
rows = []  # (pinfl, identity, photos, deliberate duplicate of row index or -1)
for i, n in enumerate(chosen):
    own = photos[n][:-1] if n in twice else photos[n]
    rows.append((f"7{i:013d}", n, own[:per_row], -1))
for i, n in enumerate(chosen):
    if n in twice:
        rows.append((f"8{i:013d}", n, photos[n][-1:], i))
with open(os.path.join(out, "manifest.csv"), "w") as m, open(os.path.join(out, "rows.tsv"), "w") as t:
    m.write("pinfl,photos\n")
    for k, (pinfl, n, ps, of) in enumerate(rows):
        m.write(pinfl + "," + ",".join(ps) + "\n")
        t.write(f"{k + 2}\t{pinfl}\t{n}\t{of + 2 if of >= 0 else 0}\t{len(ps)}\n")  # manifest line, PINFL, identity, line of the original, photos
print(f"manifest: {len(rows)} rows ({count} identities, {len(twice)} listed twice), {sum(len(r[2]) for r in rows)} photos")
EOF

./bin/egov-server --data-dir "$OUT/data" --urls "$URL" --no-console > "$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "Application started" "$OUT/server.log" 2>/dev/null && break; sleep 0.5; done
ADMIN="$(cat "$OUT/data/bootstrap-admin.key")"
CONNECT=(--server "$URL" --ca "$OUT/data/server.crt")
ENROLLER="$(./bin/egov-bio keys create --role enroller --api-key "$ADMIN" "${CONNECT[@]}")"
ROWS=$(($(wc -l < "$OUT/manifest.csv") - 1))
IMPORT=(./bin/egov-bio import --manifest "$OUT/manifest.csv" --workers "$WORKERS" --fmr "$FMR" --progress-every 30 --json --api-key "$ENROLLER" "${CONNECT[@]}")

# Run 1, killed with SIGKILL once half the rows are journaled.
START=$(date +%s.%N)
"${IMPORT[@]}" > "$OUT/run1.json" 2> "$OUT/run1.log" &
IMPORTER=$!
while kill -0 "$IMPORTER" 2>/dev/null && [ "$(cat "$OUT/manifest.csv.journal" 2>/dev/null | wc -l)" -lt $((ROWS / 2)) ]; do sleep 0.2; done
kill -KILL "$IMPORTER" 2>/dev/null || true
wait "$IMPORTER" 2>/dev/null || true
KILLED=$(date +%s.%N)
JOURNALED=$(wc -l < "$OUT/manifest.csv.journal")

# Run 2: the same command, resumed from the journal.
EXIT=0
"${IMPORT[@]}" > "$OUT/run2.json" 2> "$OUT/run2.log" || EXIT=$?
END=$(date +%s.%N)
./bin/egov-bio stats --api-key "$ADMIN" "${CONNECT[@]}" > "$OUT/stats.json"
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
trap - EXIT
./bin/egov-bio audit verify --data-dir "$OUT/data" > "$OUT/audit.txt" 2>&1 || true
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"

# Baseline, same session: the face pipeline alone on one of the manifest's photos (egov-bench, when published). The
# server analyses one photo at a time per core but one (its decode gate), its stages one after the other.
if [ -x ./bin/egov-bench ]; then
  ./bin/egov-bio bench pipeline --image "$(sed -n 2p "$OUT/manifest.csv" | cut -d, -f2)" --seconds 10 --json > "$OUT/pipeline.json" 2>/dev/null || true
fi

python3 - "$OUT" "$ROWS" "$JOURNALED" "$START" "$KILLED" "$END" "$EXIT" "$LOAD" <<'EOF'
import collections, json, os, sqlite3, subprocess, sys
out, rows, journaled, start, killed, end, code, load = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7]), sys.argv[8]
meta = {int(l.split("\t")[0]): l.rstrip("\n").split("\t") for l in open(os.path.join(out, "rows.tsv"))}
lines = [json.loads(l) for l in open(os.path.join(out, "manifest.csv.journal"))]
entries = {e["row"]: e for e in lines}
run2 = json.load(open(os.path.join(out, "run2.json")))
enrolled = [r for r, e in entries.items() if e["outcome"] == "enrolled"]
reasons = collections.Counter(e["reason"] for e in entries.values() if e["outcome"] != "enrolled")
dups = [e for e in entries.values() if e["reason"] in ("duplicate-in-import", "duplicate-in-registry")]
true_dups = [e for e in dups if e["other_row"] and meta[e["other_row"]][2] == meta[e["row"]][2]]
deliberate = [r for r, m in meta.items() if m[3] != "0"]
found = [r for r in deliberate if entries[r]["reason"] == "duplicate-in-import" and entries[r]["other_row"] == int(meta[r][3])]
original_enrolled = [r for r in deliberate if entries[int(meta[r][3])]["outcome"] == "enrolled"]
gated = [r for r in original_enrolled if entries[r]["reason"] not in ("duplicate-in-import", "duplicate-in-registry") and entries[r]["outcome"] != "enrolled"]
missed = [r for r in original_enrolled if entries[r]["outcome"] == "enrolled"]
db = sqlite3.connect(os.path.join(out, "data", "registry.db"))
subjects = db.execute("SELECT COUNT(*) FROM subjects").fetchone()[0]
keys = db.execute("SELECT COUNT(*) FROM enrollment_keys").fetchone()[0]
audited = db.execute("SELECT COUNT(*), COUNT(DISTINCT subject) FROM audit WHERE action = 'enroll' AND decision LIKE 'enrolled%'").fetchone()
replayed = sum(1 for e in entries.values() if e.get("replayed"))
cpu = subprocess.run("lscpu | grep 'Model name' | sed 's/.*: *//'", shell=True, capture_output=True, text=True).stdout.strip()
avx = "AVX-512" if "avx512f" in open("/proc/cpuinfo").read() else "no AVX-512"
print(f"CPU: {cpu} ({avx}), {os.cpu_count()} cores; load average at the end {load}")
print(f"rows {rows}; killed after {journaled} journaled rows ({killed - start:.1f} s); resumed run exit {code}, {run2['rows_now']} rows in {run2['seconds']} s")
print(f"accounted for: {len(entries)} rows, {len(lines)} journal lines; enrolled {len(enrolled)}, refused {sum(reasons.values())}; replayed on resume: {replayed}")
photos = sum(int(m[4]) for r, m in meta.items() if entries[r]["key"])
print(f"throughput: {rows / (end - start):.2f} rows/s, {len(enrolled) / (end - start):.2f} enrolments/s, {photos / (end - start):.2f} photos sent/s over both runs ({end - start:.1f} s wall, kill and restart included)")
if os.path.exists(os.path.join(out, "pipeline.json")) and os.path.getsize(os.path.join(out, "pipeline.json")) > 0:
    p = json.load(open(os.path.join(out, "pipeline.json")))
    alone = 1000 / p["sequential_ms"]
    print(f"baseline: the pipeline alone, stages one after the other on one LFW photo: {p['sequential_ms']:.1f} ms = {alone:.1f} photos/s on one core; the import sent {photos / (end - start) / alone:.2f} of that")
print("refused by reason: " + ", ".join(f"{n} {r}" for r, n in sorted(reasons.items())))
print(f"duplicates found: {len(dups)} ({len(true_dups)} of the same LFW identity, {len(dups) - len(true_dups)} of another: false matches)")
print(f"deliberate duplicates: {len(deliberate)} listed; {len(original_enrolled)} whose first row was enrolled: {len(found)} found, {len(gated)} refused by the gates first, {len(missed)} enrolled (missed)")
print(f"registry: {subjects} subjects, {keys} enrolment keys, {audited[0]} 'enrolled' audit entries for {audited[1]} subjects; journal says {len(enrolled)} enrolled")
print(f"exactly once: {'yes' if subjects == keys == audited[0] == audited[1] == len(enrolled) and len(entries) == rows else 'NO'}; audit chain: {open(os.path.join(out, 'audit.txt')).read().strip()}")
EOF
