-- Orleans ADO.NET clustering on PostgreSQL: the tables the provider reads and writes, and the queries it looks up by key in
-- OrleansQuery when a silo starts (Microsoft.Orleans.Clustering.AdoNet ships no SQL). Written for this project; applied at
-- every silo start under an advisory lock, so it must stay idempotent: tables are created once, queries replaced.
--
-- Consistency: every membership write (insert or update of a silo's row) also moves the cluster's single version row from
-- @Version to @Version + 1, in the same statement, and does nothing when the version has moved meanwhile: the version row's
-- lock serialises writers, and a writer that lost the race gets 0 and re-reads (Orleans' optimistic concurrency). Heartbeats
-- (IAmAliveTime) are not versioned.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL PRIMARY KEY,
    QueryText varchar(8000) NOT NULL
);

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL PRIMARY KEY,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- The cluster's version row, made once; 1 when this call made it.
('InsertMembershipVersionKey', '
WITH made AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM made;'),

-- A silo joins: its row is added and the version moved, both or neither; 1 when both.
('InsertMembershipKey', '
WITH version AS (
    UPDATE OrleansMembershipVersionTable v SET Version = v.Version + 1, Timestamp = now()
    WHERE v.DeploymentId = @DeploymentId AND v.Version = @Version
      AND NOT EXISTS (SELECT 1 FROM OrleansMembershipTable m
                      WHERE m.DeploymentId = @DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation)
    RETURNING v.DeploymentId),
joined AS (
    INSERT INTO OrleansMembershipTable (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    SELECT version.DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM version
    RETURNING 1)
SELECT count(*)::integer FROM joined;'),

-- A silo''s status or suspicions change (joining, active, dead, votes): row and version together; 1 when both.
('UpdateMembershipKey', '
WITH version AS (
    UPDATE OrleansMembershipVersionTable v SET Version = v.Version + 1, Timestamp = now()
    WHERE v.DeploymentId = @DeploymentId AND v.Version = @Version
      AND EXISTS (SELECT 1 FROM OrleansMembershipTable m
                  WHERE m.DeploymentId = @DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation)
    RETURNING v.DeploymentId),
changed AS (
    UPDATE OrleansMembershipTable m
    SET Status = @Status, SuspectTimes = @SuspectTimes, IAmAliveTime = GREATEST(m.IAmAliveTime, @IAmAliveTime)
    FROM version
    WHERE m.DeploymentId = version.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    RETURNING 1)
SELECT count(*)::integer FROM changed;'),

-- A silo''s heartbeat: never moves backwards, never versioned.
('UpdateIAmAlivetimeKey', '
UPDATE OrleansMembershipTable SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;'),

-- One silo''s row with the version (the version alone when the silo has none: StartTime is then null).
('MembershipReadRowKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
       m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m
       ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
WHERE v.DeploymentId = @DeploymentId;'),

-- Every silo''s row with the version, read in one statement (one snapshot).
('MembershipReadAllKey', '
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
       m.StartTime, m.IAmAliveTime, v.Version
FROM OrleansMembershipVersionTable v
LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
WHERE v.DeploymentId = @DeploymentId;'),

-- The gateways clients may connect to: silos in the asked status with a gateway port.
('GatewaysQueryKey', '
SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;'),

-- The whole cluster''s membership removed (tests, a cluster torn down).
('DeleteMembershipTableEntriesKey', '
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;'),

-- Rows of silos declared dead (status 6) whose last heartbeat is older than the cut-off.
('CleanupDefunctSiloEntriesKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = 6 AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime;'),

-- One dead silo''s row, only if it is still as the caller read it (no heartbeat, start or suspicion since).
('CleanupDefunctSiloEntryKey', '
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId AND Status = 6 AND Address = @Address AND Port = @Port AND Generation = @Generation
  AND IAmAliveTime = @IAmAliveTime AND StartTime = @StartTime AND SuspectTimes IS NOT DISTINCT FROM @SuspectTimes;')

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
