-- The status writer's PostgreSQL statements for one pass of N agents (StatusChanger.Sql.cs: Move, CloseAndOpen), as a
-- procedure on a status bench database (bench/status-pass-cpu.sh): the N agents after the first `lo` (by id) move to
-- `target`, each closing its open interval and opening a new one, in one transaction. Uuids version 7 as the app's.
CREATE OR REPLACE FUNCTION bench_uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS
$$ SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || substr(md5(random()::text), 1, 19))::uuid $$;

CREATE OR REPLACE PROCEDURE bench_status_pass(lo int, n int, target int) LANGUAGE plpgsql AS $$
DECLARE agents int[]; seens bigint[]; olds uuid[]; opens uuid[]; versions bigint[]; prevs int[]; ends bigint[]; closing int[];
  t bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
BEGIN
  SELECT array_agg("UserId" ORDER BY "UserId"), array_agg("Version" ORDER BY "UserId"), array_agg("OpenIntervalId" ORDER BY "UserId"),
         array_agg(bench_uuid7() ORDER BY "UserId"), array_agg("Version" + 1 ORDER BY "UserId"), array_agg("StatusId" ORDER BY "UserId"),
         array_agg(t ORDER BY "UserId"), array_agg(1 ORDER BY "UserId")
    INTO agents, seens, olds, opens, versions, prevs, ends, closing
    FROM (SELECT * FROM "AgentPresence" ORDER BY "UserId" OFFSET lo LIMIT n) p;
  UPDATE "AgentPresence" AS p SET "StatusId" = target, "Since" = t, "OpenIntervalId" = c.open, "StatusBeforeInactivityId" = NULL,
    "LastActivityAt" = GREATEST(p."LastActivityAt", COALESCE(NULL, p."LastActivityAt")), "Version" = c.version
  FROM unnest(agents, seens, opens, versions) AS c(agent, seen, open, version)
  WHERE p."UserId" = c.agent AND p."Version" = c.seen;
  WITH closed AS (
    UPDATE "StatusIntervals" AS i SET "Ended" = c.ended FROM unnest(olds, agents, ends, opens) AS c(id, agent, ended, open)
    WHERE i."Id" = c.id AND i."Ended" IS NULL AND EXISTS (SELECT 1 FROM "AgentPresence" m WHERE m."UserId" = c.agent AND m."OpenIntervalId" = c.open)
    RETURNING i."AgentId")
  INSERT INTO "StatusIntervals" ("Id", "AgentId", "Sequence", "StatusId", "Started", "Ended", "Source", "ActorUserId", "Reason", "PreviousStatusId")
  SELECT c.id, c.agent, c.sequence, target, t, NULL, 'Inactivity', NULL, NULL, c.previous
  FROM unnest(opens, agents, versions, prevs, closing) AS c(id, agent, sequence, previous, closing)
  WHERE CASE WHEN NOT EXISTS (SELECT 1 FROM "AgentPresence" m WHERE m."UserId" = c.agent AND m."OpenIntervalId" = c.id) THEN false
    WHEN c.closing = 0 OR c.agent IN (SELECT "AgentId" FROM closed) THEN true
    ELSE ('Status history of agent ' || c.agent || ': the interval its presence row points at is not open')::int = 0 END;
END $$;
