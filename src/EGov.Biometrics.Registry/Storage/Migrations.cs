using System.Data.Common;

namespace EGov.Biometrics.Registry.Storage;

/// <summary>
/// Numbered schema changes, each applied once in its own transaction and recorded in schema_migrations: the same
/// versions on SQLite and PostgreSQL (the DDL is written once, in SQLite's words, and <see cref="SqlDialect.Schema"/>
/// translates its types).
/// </summary>
internal static class Migrations
{
    private static readonly (int Version, string Sql)[] Steps =
    [
        (1, """
            CREATE TABLE subjects (
                pinfl       TEXT PRIMARY KEY CHECK (length(pinfl) = 14),
                created_at  TEXT NOT NULL
            );
            CREATE TABLE templates (
                id          INTEGER PRIMARY KEY AUTOINCREMENT,
                pinfl       TEXT NOT NULL REFERENCES subjects(pinfl) ON DELETE CASCADE,
                model_id    TEXT NOT NULL,
                key_id      TEXT NOT NULL,
                nonce       BLOB NOT NULL,
                ciphertext  BLOB NOT NULL,
                tag         BLOB NOT NULL,
                quality     REAL,
                created_at  TEXT NOT NULL
            );
            CREATE INDEX templates_by_subject ON templates(pinfl);
            CREATE INDEX templates_by_model ON templates(model_id);
            CREATE TABLE audit (
                seq         INTEGER PRIMARY KEY,
                at          TEXT NOT NULL,
                caller      TEXT NOT NULL,
                role        TEXT NOT NULL,
                desk        TEXT NOT NULL,
                action      TEXT NOT NULL,
                subject     TEXT NOT NULL,
                decision    TEXT NOT NULL,
                score       REAL,
                fmr         REAL,
                details     TEXT NOT NULL,
                prev_hash   BLOB NOT NULL,
                hash        BLOB NOT NULL
            );
            """),
        (2, """
            CREATE TABLE api_keys (
                id          TEXT PRIMARY KEY,
                hash        BLOB NOT NULL,
                role        TEXT NOT NULL,
                created_at  TEXT NOT NULL,
                revoked_at  TEXT
            );
            """),
        (3, """
            CREATE TABLE client_certificates (
                fingerprint TEXT PRIMARY KEY,
                role        TEXT NOT NULL,
                name        TEXT NOT NULL,
                created_at  TEXT NOT NULL,
                revoked_at  TEXT
            );
            CREATE TABLE face_images (
                template_id INTEGER PRIMARY KEY REFERENCES templates(id) ON DELETE CASCADE,
                key_id      TEXT NOT NULL,
                nonce       BLOB NOT NULL,
                ciphertext  BLOB NOT NULL,
                tag         BLOB NOT NULL
            );
            """),
        (4, """
            CREATE TABLE desk_captures (
                idempotency_key TEXT PRIMARY KEY,
                desk            TEXT NOT NULL,
                track_id        INTEGER NOT NULL,
                captured_at     TEXT NOT NULL,
                received_at     TEXT NOT NULL,
                quality         REAL NOT NULL,
                decision_seq    INTEGER NOT NULL REFERENCES audit(seq)
            );
            CREATE INDEX desk_captures_by_desk ON desk_captures(desk);
            CREATE TABLE desks (
                desk            TEXT PRIMARY KEY,
                last_seen       TEXT NOT NULL,
                agent_version   TEXT NOT NULL,
                camera          TEXT NOT NULL,
                fps             REAL NOT NULL,
                queue_depth     INTEGER NOT NULL
            );
            """),
        (5, """
            ALTER TABLE api_keys ADD COLUMN desk TEXT NOT NULL DEFAULT '';
            ALTER TABLE client_certificates ADD COLUMN desk TEXT NOT NULL DEFAULT '';
            """),
        // People who sign in to the web console, and the audit page's lookups by subject and by caller. Only
        // these two (selective) filters get an index: each index costs every audited decision a write, and
        // the others (action, desk, time) match many rows, found quickly by walking the log newest first.
        (6, """
            CREATE TABLE people (
                username        TEXT PRIMARY KEY,
                role            TEXT NOT NULL,
                desk            TEXT NOT NULL,
                language        TEXT NOT NULL,
                password_hash   TEXT NOT NULL,
                disabled        INTEGER NOT NULL DEFAULT 0,
                failed_count    INTEGER NOT NULL DEFAULT 0,
                locked_until    TEXT,
                security_stamp  TEXT NOT NULL,
                created_at      TEXT NOT NULL
            );
            CREATE INDEX audit_by_subject ON audit(subject, seq);
            CREATE INDEX audit_by_caller ON audit(caller, seq);
            """),
        // The service centre and mode (desk or waiting hall) each agent reports, for the Situation Center.
        (7, """
            ALTER TABLE desks ADD COLUMN centre TEXT NOT NULL DEFAULT '';
            ALTER TABLE desks ADD COLUMN mode TEXT NOT NULL DEFAULT 'desk';
            """),
        // Templates sealed with their own id in the associated data say so (1); older rows (0) are re-sealed
        // once the key ring is at hand (SubjectRegistry does it at start).
        (8, """
            ALTER TABLE templates ADD COLUMN sealed_with_id INTEGER NOT NULL DEFAULT 0;
            """),
        // Each desk's liveness policy, set by an admin: whether its decisions need the active check (a blink or a head
        // turn). A desk without a row takes the default (on).
        (9, """
            CREATE TABLE desk_policies (
                desk            TEXT PRIMARY KEY,
                active_check    INTEGER NOT NULL,
                changed_at      TEXT NOT NULL,
                changed_by      TEXT NOT NULL
            );
            """),
        // Bulk import's exactly-once: an enrolment made under an idempotency key keeps it, with a hash of what was
        // asked (PINFL and photos) and who asked, so a retried row gets its first enrolment back. Gone with the subject.
        (10, """
            CREATE TABLE enrollment_keys (
                idempotency_key TEXT PRIMARY KEY,
                pinfl           TEXT NOT NULL UNIQUE REFERENCES subjects(pinfl) ON DELETE CASCADE,
                request_hash    BLOB NOT NULL,
                caller          TEXT NOT NULL,
                decision_seq    INTEGER NOT NULL REFERENCES audit(seq),
                created_at      TEXT NOT NULL
            );
            """),
    ];

    public static int Latest => Steps[^1].Version;

    /// <summary>Brings the schema to <see cref="Latest"/>; the steps are written in SQLite's words, <paramref name="dialect"/> translates them.</summary>
    public static void Apply(DbConnection connection, SqlDialect dialect)
    {
        dialect.BeginMigration(connection);
        try
        {
            using (var create = connection.CreateCommand())
            {
                create.CommandText = dialect.Schema("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
                create.ExecuteNonQuery();
            }

            foreach (var (version, sql) in Steps)
            {
                using var transaction = connection.BeginTransaction();
                using var check = connection.CreateCommand();
                check.Transaction = transaction;
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = @v";
                check.AddParameter("@v", (long)version);
                if ((long)check.ExecuteScalar()! > 0)
                {
                    continue;
                }

                using var migrate = connection.CreateCommand();
                migrate.Transaction = transaction;
                migrate.CommandText = dialect.Schema(sql) + "; INSERT INTO schema_migrations(version, applied_at) VALUES (@v, @at);";
                migrate.AddParameter("@v", (long)version);
                migrate.AddParameter("@at", DateTimeOffset.UtcNow.ToString("O"));
                migrate.ExecuteNonQuery();
                transaction.Commit();
            }
        }
        finally
        {
            dialect.EndMigration(connection);
        }
    }
}
