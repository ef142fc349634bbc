using System.Data.Common;
using System.Globalization;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Crypto;
using EGov.Biometrics.Registry.Storage;

namespace EGov.Biometrics.Registry.Subjects;

/// <summary>
/// Subjects and their encrypted templates. Each change and its audit entry commit together (in a group commit:
/// see <see cref="GroupCommitWriter"/>):
/// an acknowledged enrolment is on disk (WAL, full sync), a failed one leaves no row behind.
/// </summary>
public sealed class SubjectRegistry : IDisposable
{
    private readonly TemplateCipher _cipher;
    private readonly AuditAnchorKeeper? _anchor;
    private readonly GroupCommitWriter _writer;

    /// <param name="auditAnchorPath">Where to keep the audit chain's head outside the database (none when null).</param>
    /// <param name="auditWitnessPath">A second copy of the head, on another volume (none when null).</param>
    /// <exception cref="InvalidDataException">An anchor file does not vouch for the log (cut, altered, or the anchor gone while entries remain).</exception>
    public SubjectRegistry(RegistryDatabase database, TemplateCipher cipher, string? auditAnchorPath = null, string? auditWitnessPath = null)
    {
        Database = database;
        _cipher = cipher;
        _anchor = auditAnchorPath is null ? null : new AuditAnchorKeeper(new AuditAnchorFiles(auditAnchorPath, auditWitnessPath), database);
        _writer = new GroupCommitWriter(database, committed: _anchor is null ? null : _anchor.AfterCommit);
        ResealVersion1Templates();
    }

    /// <summary>True once a commit found the anchored audit entry gone or changed: someone edited the log under the running server.</summary>
    public bool AuditTamperDetected => _anchor?.TamperDetected ?? false;

    /// <summary>Why the audit anchor (or its witness) could not be written lately; null while it keeps up with the log.</summary>
    public string? AuditAnchorWriteFailure => _anchor?.WriteFailure;

    internal byte[] AuditKey => _cipher.Keys.AuditKey;

    /// <summary>Walks the whole audit chain as it stands (one read: entries written meanwhile are not in it).</summary>
    public AuditVerification VerifyAuditChain()
    {
        using var connection = Database.Open();
        return AuditLog.Verify(connection, AuditKey);
    }

    /// <summary>Runs a write in the registry's group commit (other stores of this assembly share it).</summary>
    internal Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> write) => _writer.WriteAsync(write);

    public RegistryDatabase Database { get; }

    /// <summary>Finishes the queued writes and the last checkpoint; the registry takes no writes afterwards.</summary>
    public void Dispose()
    {
        _writer.Dispose();
        _anchor?.Dispose();
    }

    /// <summary>
    /// Creates the subject with its templates; completes once the enrolment is on disk. Under an idempotency
    /// <paramref name="key"/> the key is stored in the same commit (<see cref="EnrollmentKeyStore"/>); a key used before fails the write.
    /// </summary>
    public Task<Enrollment> EnrollAsync(string pinfl, IReadOnlyList<NewTemplate> templates, AuditEntry audit, EnrollmentKey? key = null)
    {
        Pinfl.Require(pinfl);
        Validate(templates);
        return _writer.WriteAsync((connection, transaction) =>
        {
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO subjects (pinfl, created_at) VALUES (@pinfl, @at) ON CONFLICT(pinfl) DO NOTHING";
                insert.AddParameter("@pinfl", pinfl);
                insert.AddParameter("@at", Now());
                if (insert.ExecuteNonQuery() == 0)
                {
                    throw SubjectExistsException.For(pinfl);
                }
            }

            var ids = InsertTemplates(connection, transaction, pinfl, templates);
            var seq = AuditLog.Append(connection, transaction, audit with { Subject = pinfl }, AuditKey);
            if (key is not null)
            {
                EnrollmentKeyStore.Insert(connection, transaction, key, pinfl, seq);
            }

            return new Enrollment(ids, seq);
        });
    }

    /// <summary>Deletes the subject and its templates for good; the audit keeps only the event.</summary>
    public Task<bool> DeleteAsync(string pinfl, AuditEntry audit)
    {
        Pinfl.Require(pinfl);
        return _writer.WriteAsync((connection, transaction) =>
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM templates WHERE pinfl = @pinfl; DELETE FROM subjects WHERE pinfl = @pinfl;";
            delete.AddParameter("@pinfl", pinfl);
            var removed = delete.ExecuteNonQuery() > 0;
            AuditLog.Append(connection, transaction, audit with { Subject = pinfl, Decision = removed ? "deleted" : "not-found" }, AuditKey);
            return removed;
        });
    }

    public SubjectSummary? Get(string pinfl)
    {
        Pinfl.Require(pinfl);
        return List(pinfl, 1, exact: true).FirstOrDefault();
    }

    /// <summary>Subjects in PINFL order after <paramref name="after"/> (empty for the first page).</summary>
    public IReadOnlyList<SubjectSummary> List(string after, int pageSize) => List(after, pageSize, exact: false);

    public long CountTemplates(string? modelId = null)
    {
        using var connection = Database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = modelId is null ? "SELECT COUNT(*) FROM templates" : "SELECT COUNT(*) FROM templates WHERE model_id = @model";
        count.AddParameter("@model", (object?)modelId ?? DBNull.Value);
        return (long)count.ExecuteScalar()!;
    }

    /// <summary>Every template of one model, decrypted: what the matching index loads at start without a snapshot.</summary>
    public IEnumerable<StoredTemplate> LoadTemplates(string modelId)
    {
        using var connection = Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"{TemplateColumns} WHERE model_id = @model ORDER BY id";
        query.AddParameter("@model", modelId);
        foreach (var template in ReadTemplates(query))
        {
            yield return template;
        }
    }

    /// <summary>Some templates of one model by id, decrypted: those a gallery snapshot lacks.</summary>
    public IEnumerable<StoredTemplate> LoadTemplates(string modelId, IReadOnlyList<long> ids)
    {
        using var connection = Database.Open();
        const int Batch = 500;
        for (var start = 0; start < ids.Count; start += Batch)
        {
            using var query = connection.CreateCommand();
            var names = new List<string>();
            for (var i = start; i < Math.Min(ids.Count, start + Batch); i++)
            {
                names.Add($"@id{i - start}");
                query.AddParameter(names[^1], ids[i]);
            }

            query.CommandText = $"{TemplateColumns} WHERE model_id = @model AND id IN ({string.Join(",", names)}) ORDER BY id";
            query.AddParameter("@model", modelId);
            foreach (var template in ReadTemplates(query))
            {
                yield return template;
            }
        }
    }

    /// <summary>The ids of one model's templates in order, read from the index alone (nothing is decrypted): what a loaded snapshot is checked against.</summary>
    public IEnumerable<long> TemplateIds(string modelId)
    {
        using var connection = Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"SELECT id FROM templates {Database.Dialect.TemplatesByModelHint} WHERE model_id = @model ORDER BY id";
        query.AddParameter("@model", modelId);
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            yield return reader.GetInt64(0);
        }
    }

    private const string TemplateColumns = "SELECT id, pinfl, model_id, key_id, nonce, ciphertext, tag, quality, created_at FROM templates";

    private IEnumerable<StoredTemplate> ReadTemplates(DbCommand query)
    {
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            var pinfl = reader.GetString(1);
            var sealedTemplate = new SealedTemplate(reader.GetString(3), (byte[])reader[4], (byte[])reader[5], (byte[])reader[6]);
            yield return new StoredTemplate(
                reader.GetInt64(0), pinfl, reader.GetString(2), _cipher.Open(sealedTemplate, reader.GetInt64(0), pinfl, reader.GetString(2)),
                reader.IsDBNull(7) ? null : (float)reader.GetDouble(7), DateTimeOffset.Parse(reader.GetString(8), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The stored source images of a subject's templates (template id → image bytes), decrypted.</summary>
    public IReadOnlyDictionary<long, byte[]> LoadImages(string pinfl)
    {
        Pinfl.Require(pinfl);
        using var connection = Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT i.template_id, i.key_id, i.nonce, i.ciphertext, i.tag FROM face_images i JOIN templates t ON t.id = i.template_id WHERE t.pinfl = @pinfl";
        query.AddParameter("@pinfl", pinfl);
        using var reader = query.ExecuteReader();
        var images = new Dictionary<long, byte[]>();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            images[id] = _cipher.OpenImage(new SealedTemplate(reader.GetString(1), (byte[])reader[2], (byte[])reader[3], (byte[])reader[4]), pinfl, id);
        }

        return images;
    }

    /// <summary>
    /// Re-encrypts every template (and stored image) not under the active key and returns how many templates.
    /// Runs in batches of <paramref name="batchSize"/> rows, each its own commit, so other writes go on between
    /// them instead of waiting for the whole rotation; the audit entry is written after the last batch.
    /// </summary>
    /// <remarks>
    /// Nothing is left behind under an old key although enrolments go on meanwhile: the group-commit writer runs
    /// writes in the order they were queued, so every enrolment sealed before the switch of active key commits
    /// before the batch that looks for old keys, and every later one is sealed under the new key already.
    /// </remarks>
    public async Task<int> RotateKeysAsync(AuditEntry audit, int batchSize = 256, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int templates = 0, images = 0, batch;
        do
        {
            cancel.ThrowIfCancellationRequested();
            batch = await _writer.WriteAsync((connection, transaction) => Reseal(
                connection, transaction, $"SELECT id, pinfl, model_id, key_id, nonce, ciphertext, tag FROM templates WHERE key_id <> @active LIMIT {batchSize}", "templates", "id",
                (row, sealedTemplate) => _cipher.Seal(_cipher.Open(sealedTemplate, row.Id, row.Pinfl, row.Model), row.Id, row.Pinfl, row.Model))).ConfigureAwait(false);
            templates += batch;
        }
        while (batch > 0);

        do
        {
            cancel.ThrowIfCancellationRequested();
            batch = await _writer.WriteAsync((connection, transaction) => Reseal(
                connection, transaction, $"SELECT i.template_id, t.pinfl, t.model_id, i.key_id, i.nonce, i.ciphertext, i.tag FROM face_images i JOIN templates t ON t.id = i.template_id WHERE i.key_id <> @active LIMIT {batchSize}", "face_images", "template_id",
                (row, sealedImage) => _cipher.SealImage(_cipher.OpenImage(sealedImage, row.Pinfl, row.Id), row.Pinfl, row.Id))).ConfigureAwait(false);
            images += batch;
        }
        while (batch > 0);

        await RecordAsync(audit with { Decision = $"re-encrypted {templates} templates and {images} images under {_cipher.Keys.ActiveKeyId}" }).ConfigureAwait(false);
        return templates;
    }

    /// <summary>How many templates are sealed under each key id (what a rotation left behind shows here).</summary>
    public IReadOnlyDictionary<string, long> TemplatesByKey()
    {
        using var connection = Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT key_id, COUNT(*) FROM templates GROUP BY key_id";
        using var reader = query.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    // Reads the rows (id, pinfl, model, key_id, nonce, ciphertext, tag) that `select` finds and writes each back resealed.
    private int Reseal(
        DbConnection connection, DbTransaction transaction, string select, string table, string idColumn,
        Func<(long Id, string Pinfl, string Model), SealedTemplate, SealedTemplate> reseal)
    {
        var pending = new List<((long Id, string Pinfl, string Model) Row, SealedTemplate Sealed)>();
        using (var query = connection.CreateCommand())
        {
            query.Transaction = transaction;
            query.CommandText = select;
            query.AddParameter("@active", _cipher.Keys.ActiveKeyId);
            using var reader = query.ExecuteReader();
            while (reader.Read())
            {
                pending.Add(((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)), new SealedTemplate(reader.GetString(3), (byte[])reader[4], (byte[])reader[5], (byte[])reader[6])));
            }
        }

        foreach (var (row, sealedData) in pending)
        {
            var resealed = reseal(row, sealedData);
            using var update = connection.CreateCommand();
            update.Transaction = transaction;
            // Every template written back is sealed with its id (templates.sealed_with_id); images always were.
            var sealedWithId = table == "templates" ? ", sealed_with_id = 1" : string.Empty;
            update.CommandText = $"UPDATE {table} SET key_id = @key, nonce = @nonce, ciphertext = @ct, tag = @tag{sealedWithId} WHERE {idColumn} = @id";
            update.AddParameter("@key", resealed.KeyId);
            update.AddParameter("@nonce", resealed.Nonce);
            update.AddParameter("@ct", resealed.Ciphertext);
            update.AddParameter("@tag", resealed.Tag);
            update.AddParameter("@id", row.Id);
            update.ExecuteNonQuery();
        }

        return pending.Count;
    }

    /// <summary>Records a decision that changes no data (a verification, an identification, a refusal); returns its audit sequence number.</summary>
    public Task<long> RecordAsync(AuditEntry audit) =>
        _writer.WriteAsync((connection, transaction) => AuditLog.Append(connection, transaction, audit, AuditKey));

    /// <summary>How many entries the audit log holds (the last sequence number).</summary>
    public long AuditEntries()
    {
        using var connection = Database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM audit";
        return (long)count.ExecuteScalar()!;
    }

    /// <summary>Walks the chain against every anchor file (as on disk once the newest anchor is written).</summary>
    /// <exception cref="InvalidDataException">An anchor file holds something that is not an anchor.</exception>
    public AuditVerification VerifyAudit()
    {
        _anchor?.Flush();
        using var connection = Database.Open();
        return _anchor is null ? AuditLog.Verify(connection, AuditKey) : AuditLog.Verify(connection, AuditKey, _anchor.Files.Read());
    }

    // Templates from before the id was bound into their associated data are re-sealed with it, once, in
    // batches (each its own commit); the count is audited. Until then they are not loaded.
    private void ResealVersion1Templates()
    {
        int resealed = 0, batch;
        do
        {
            batch = _writer.WriteAsync((connection, transaction) => Reseal(
                connection, transaction, "SELECT id, pinfl, model_id, key_id, nonce, ciphertext, tag FROM templates WHERE sealed_with_id = 0 LIMIT 256", "templates", "id",
                (row, sealedTemplate) => _cipher.Seal(_cipher.OpenVersion1(sealedTemplate, row.Pinfl, row.Model), row.Id, row.Pinfl, row.Model))).GetAwaiter().GetResult();
            resealed += batch;
        }
        while (batch > 0);

        if (resealed > 0)
        {
            RecordAsync(new AuditEntry("egov-server", "system", string.Empty, "reseal-templates", string.Empty, $"re-sealed {resealed} templates with their id in the associated data")).GetAwaiter().GetResult();
        }
    }

    private static void Validate(IReadOnlyList<NewTemplate> templates)
    {
        if (templates.Count == 0)
        {
            throw new ArgumentException("At least one template is needed.", nameof(templates));
        }

        foreach (var t in templates)
        {
            ArgumentException.ThrowIfNullOrEmpty(t.ModelId);
            if (t.Vector.Length == 0 || t.Vector.Any(v => !float.IsFinite(v)))
            {
                throw new ArgumentException("A template vector is empty or holds NaN or infinity.", nameof(templates));
            }
        }
    }

    private List<long> InsertTemplates(DbConnection connection, DbTransaction transaction, string pinfl, IReadOnlyList<NewTemplate> templates)
    {
        var ids = new List<long>(templates.Count);
        foreach (var template in templates)
        {
            var id = NextTemplateId(connection, transaction);
            var sealedTemplate = _cipher.Seal(template.Vector, id, pinfl, template.ModelId);
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO templates (id, pinfl, model_id, key_id, nonce, ciphertext, tag, quality, created_at, sealed_with_id)
                VALUES (@id, @pinfl, @model, @key, @nonce, @ct, @tag, @quality, @at, 1)
                """;
            insert.AddParameter("@id", id);
            insert.AddParameter("@pinfl", pinfl);
            insert.AddParameter("@model", template.ModelId);
            insert.AddParameter("@key", sealedTemplate.KeyId);
            insert.AddParameter("@nonce", sealedTemplate.Nonce);
            insert.AddParameter("@ct", sealedTemplate.Ciphertext);
            insert.AddParameter("@tag", sealedTemplate.Tag);
            insert.AddParameter("@quality", (object?)template.Quality ?? DBNull.Value);
            insert.AddParameter("@at", Now());
            insert.ExecuteNonQuery();
            ids.Add(id);
            if (template.Image is { } image)
            {
                var sealedImage = _cipher.SealImage(image, pinfl, id);
                using var store = connection.CreateCommand();
                store.Transaction = transaction;
                store.CommandText = "INSERT INTO face_images (template_id, key_id, nonce, ciphertext, tag) VALUES (@id, @key, @nonce, @ct, @tag)";
                store.AddParameter("@id", id);
                store.AddParameter("@key", sealedImage.KeyId);
                store.AddParameter("@nonce", sealedImage.Nonce);
                store.AddParameter("@ct", sealedImage.Ciphertext);
                store.AddParameter("@tag", sealedImage.Tag);
                store.ExecuteNonQuery();
            }
        }

        return ids;
    }

    // The id the template will get, known before it is sealed (it is in the associated data); never one used before.
    private long NextTemplateId(DbConnection connection, DbTransaction transaction)
    {
        using var next = connection.CreateCommand();
        next.Transaction = transaction;
        next.CommandText = Database.Dialect.NextTemplateId;
        return (long)next.ExecuteScalar()!;
    }

    private static bool Exists(DbConnection connection, DbTransaction transaction, string pinfl)
    {
        using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT COUNT(*) FROM subjects WHERE pinfl = @pinfl";
        check.AddParameter("@pinfl", pinfl);
        return (long)check.ExecuteScalar()! > 0;
    }

    private List<SubjectSummary> List(string key, int pageSize, bool exact)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        using var connection = Database.Open();
        using var query = connection.CreateCommand();
        query.CommandText = $"""
            SELECT s.pinfl, s.created_at, t.id, t.model_id FROM
              (SELECT pinfl, created_at FROM subjects WHERE pinfl {(exact ? "=" : ">")} @key ORDER BY pinfl LIMIT @n) s
            LEFT JOIN templates t ON t.pinfl = s.pinfl ORDER BY s.pinfl, t.id
            """;
        query.AddParameter("@key", key);
        query.AddParameter("@n", pageSize);
        using var reader = query.ExecuteReader();
        var result = new List<SubjectSummary>();
        while (reader.Read())
        {
            var pinfl = reader.GetString(0);
            if (result.Count == 0 || result[^1].Pinfl != pinfl)
            {
                result.Add(new SubjectSummary(pinfl, DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), new List<(long, string)>()));
            }

            if (!reader.IsDBNull(2))
            {
                ((List<(long, string)>)result[^1].Templates).Add((reader.GetInt64(2), reader.GetString(3)));
            }
        }

        return result;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}
