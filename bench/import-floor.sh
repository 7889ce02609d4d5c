#!/usr/bin/env bash
# The engines' own cost of an import's filter index rows, without .NET (docs/PERFORMANCE.md, "Session 6 — Import"):
# the 2,100,000 CustomFieldIndex rows of a finished `import` run, inserted again with one INSERT … SELECT in one
# transaction into a fresh table of each schema variant. SQLite: CPU of the sqlite3 CLI (user + sys, with the commit
# and a checkpoint), rows in the writer's order (value order per 4,000-card batch). PostgreSQL: CPU of the backend
# (/proc/<pid>/stat, same machine), rows in card order (as the writer's COPY), after a CHECKPOINT.
# Usage (after the two `import` commands of that section, with the same TMPDIR and database):
#   bash bench/import-floor.sh [sqlite-import-db] [postgres-database]
# Defaults: ${TMPDIR:-/tmp}/rolodesk-bench/import.db and csv_import_bench. Writes only to ${TMPDIR:-/tmp}/import-floor
# and to the PostgreSQL database $FLOOR_DB (default import_floor; dropped, created, dropped). Needs sqlite3 and psql.
set -euo pipefail
SRC_DB=${1:-${TMPDIR:-/tmp}/rolodesk-bench/import.db}
SRC_PG=${2:-csv_import_bench}
DIR=${TMPDIR:-/tmp}/import-floor
FLOOR_DB=${FLOOR_DB:-import_floor}
export PGPASSWORD=${PGPASSWORD:-postgres}
PSQL="psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q"
mkdir -p "$DIR"
load() { cut -d' ' -f1 /proc/loadavg; }

# --- SQLite ---------------------------------------------------------------------------------------------------
rm -f "$DIR/src.db"
sqlite3 "$DIR/src.db" "ATTACH '$SRC_DB' AS i; CREATE TABLE src AS SELECT * FROM i.CustomFieldIndex ORDER BY EntityId / 4000, FieldId, Text, Number, Date, EntityId;"
KEY='CREATE TABLE "CustomFieldIndex" ("EntityKind" INTEGER NOT NULL, "EntityId" INTEGER NOT NULL, "FieldId" INTEGER NOT NULL, "Seq" INTEGER NOT NULL, "Text" TEXT NULL, "Number" REAL NULL, "Date" TEXT NULL, CONSTRAINT "PK_CustomFieldIndex" PRIMARY KEY ("EntityKind", "EntityId", "FieldId", "Seq")) WITHOUT ROWID;'
VALUE='CREATE INDEX v ON "CustomFieldIndex" ("FieldId", "Text", "Number", "Date", "EntityId");'
PERTYPE='CREATE INDEX vt ON "CustomFieldIndex" ("FieldId", "Text", "EntityId") WHERE "Text" IS NOT NULL; CREATE INDEX vn ON "CustomFieldIndex" ("FieldId", "Number", "EntityId") WHERE "Number" IS NOT NULL; CREATE INDEX vd ON "CustomFieldIndex" ("FieldId", "Date", "EntityId") WHERE "Date" IS NOT NULL;'
sqlite_variant() { # name page_size indexes
  rm -f "$DIR/t.db" "$DIR/t.db-wal" "$DIR/t.db-shm"
  sqlite3 "$DIR/t.db" "PRAGMA page_size=$2; PRAGMA journal_mode=WAL;" >/dev/null
  sqlite3 "$DIR/t.db" "$KEY $3"
  local cpu
  cpu=$( { /usr/bin/time -f "%U %S" sqlite3 "$DIR/t.db" "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144; ATTACH '$DIR/src.db' AS s;
    BEGIN IMMEDIATE; INSERT INTO \"CustomFieldIndex\" SELECT EntityKind, EntityId, FieldId, Seq, Text, Number, Date FROM s.src; COMMIT; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null; } 2>&1 )
  echo "sqlite  $1: user+sys $(echo "$cpu" | awk '{print $1 + $2}') s, load $(load)"
}
sqlite_variant "key + value index (current)" 4096 "$VALUE"
sqlite_variant "key only" 4096 ""
sqlite_variant "key + per-type partial indexes" 4096 "$PERTYPE"
sqlite_variant "key + value index, page size 8 KiB" 8192 "$VALUE"

# --- PostgreSQL -----------------------------------------------------------------------------------------------
$PSQL -d postgres -c "DROP DATABASE IF EXISTS $FLOOR_DB" -c "CREATE DATABASE $FLOOR_DB"
$PSQL -d "$FLOOR_DB" -c 'CREATE TABLE src ("EntityKind" smallint NOT NULL, "EntityId" int NOT NULL, "FieldId" int NOT NULL, "Text" varchar(200), "Number" double precision, "Date" date, "Seq" smallint NOT NULL)'
$PSQL -d "$SRC_PG" -c 'COPY (SELECT "EntityKind", "EntityId", "FieldId", "Text", "Number", "Date", "Seq" FROM "CustomFieldIndex" ORDER BY "EntityId", "FieldId", "Seq") TO STDOUT (FORMAT BINARY)' \
  | $PSQL -d "$FLOOR_DB" -c 'COPY src FROM STDIN (FORMAT BINARY)'
COLS='"EntityKind" smallint NOT NULL, "EntityId" int NOT NULL, "FieldId" int NOT NULL, "Text" varchar(200), "Number" double precision, "Date" date, "Seq" smallint NOT NULL, PRIMARY KEY ("EntityKind", "EntityId", "FieldId", "Seq")'
pg_variant() { # name create-sql [session settings]
  $PSQL -d "$FLOOR_DB" -At > "$DIR/pg.out" <<SQL
DROP TABLE IF EXISTS t;
$2
CHECKPOINT;
${3:-}
SELECT pg_backend_pid() \g $DIR/pid
\! awk '{print \$14 + \$15}' /proc/\$(cat $DIR/pid)/stat > $DIR/cpu0
BEGIN;
INSERT INTO t SELECT * FROM src;
COMMIT;
\! awk '{print \$14 + \$15}' /proc/\$(cat $DIR/pid)/stat > $DIR/cpu1
SQL
  echo "postgres $1: backend CPU $(awk -v a="$(cat "$DIR/cpu0")" '{printf "%.2f", ($1 - a) / 100}' "$DIR/cpu1") s, load $(load)"
}
pg_variant "key + value index (current)" "CREATE TABLE t ($COLS); CREATE INDEX v ON t (\"FieldId\", \"Text\", \"Number\", \"Date\", \"EntityId\");"
pg_variant "key only" "CREATE TABLE t ($COLS);"
pg_variant "key + per-type partial indexes" "CREATE TABLE t ($COLS); CREATE INDEX vt ON t (\"FieldId\", \"Text\", \"EntityId\") WHERE \"Text\" IS NOT NULL; CREATE INDEX vn ON t (\"FieldId\", \"Number\", \"EntityId\") WHERE \"Number\" IS NOT NULL; CREATE INDEX vd ON t (\"FieldId\", \"Date\", \"EntityId\") WHERE \"Date\" IS NOT NULL;"
pg_variant "key + value index, unlogged (the WAL's share)" "CREATE UNLOGGED TABLE t ($COLS); CREATE INDEX v ON t (\"FieldId\", \"Text\", \"Number\", \"Date\", \"EntityId\");"
pg_variant "key + value index, wal_compression on" "CREATE TABLE t ($COLS); CREATE INDEX v ON t (\"FieldId\", \"Text\", \"Number\", \"Date\", \"EntityId\");" "SET wal_compression = on;"
$PSQL -d postgres -c "DROP DATABASE $FLOOR_DB"
