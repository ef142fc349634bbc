using System.Text.Json;
using EGov.Biometrics.Cli;
using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Registry.Storage;
using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Server.Tests;

/// <summary>egov-bio's client commands against a real server, trusting its generated certificate with --ca.</summary>
public sealed class ClientCommandTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public void Keys_enrol_verify_and_failures_through_the_command_line()
    {
        var photo = SamplePortraits.PathOf(6);
        string[] Common(string key) => ["--server", server.Address, "--api-key", key, "--ca", server.Data.PathOf(DataDirectory.PublicCertificateFile), "--desk", "cli-test"];

        var (exit, enrollerKey, _) = Run(["keys", "create", "--role", "enroller", .. Common(server.AdminKey)]);
        Assert.Equal(0, exit);
        Assert.Matches("^egov_[0-9a-f]{12}_[0-9a-f]{64}$", enrollerKey.Trim());

        (exit, var enrolled, var error) = Run(["enroll", "--id", "71234567890123", photo, .. Common(enrollerKey.Trim())]);
        Assert.True(exit == 0, error);
        Assert.Contains("enrolled 71234567890123", enrolled, StringComparison.Ordinal);

        // A supervisor reads the exact score (an operator gets the decision only, issue 12).
        (exit, var verified, error) = Run(["verify", "--id", "71234567890123", photo, "--json", .. Common(server.Keys["supervisor"])]);
        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(verified).RootElement;
        Assert.True(json.GetProperty("match").GetBoolean());
        Assert.Equal(1e-4, json.GetProperty("fmr").GetDouble());
        Assert.True(json.GetProperty("decision_id").GetInt64() > 0);
        Assert.True(json.GetProperty("similarity").GetDouble() > 0.99);

        (exit, _, error) = Run(["verify", "--id", "123", photo, .. Common(server.Keys["operator"])]);
        Assert.Equal(3, exit);
        Assert.Contains("InvalidArgument", error, StringComparison.Ordinal);
        Assert.Contains("14 digits", error, StringComparison.Ordinal);

        (exit, _, error) = Run(["identify", photo, .. Common(server.Keys["operator"])]);
        Assert.Equal(3, exit);
        Assert.Contains("PermissionDenied", error, StringComparison.Ordinal);

        // --model asks for an embedder; this server serves the default one alone.
        (exit, _, error) = Run(["verify", "--id", "71234567890123", photo, "--model", "dlib-resnet29-faceapi", .. Common(server.Keys["supervisor"])]);
        Assert.Equal(3, exit);
        Assert.Contains("FailedPrecondition", error, StringComparison.Ordinal);
        Assert.Contains("'dlib-resnet29-faceapi' is not served here", error, StringComparison.Ordinal);
        (exit, verified, error) = Run(["verify", "--id", "71234567890123", photo, "--model", "faceplugin-arcface-r512", .. Common(server.Keys["supervisor"])]);
        Assert.True(exit == 0, error);
        Assert.Contains("MATCH", verified, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_rotate_re_encrypts_every_template_under_a_new_saved_key_while_verification_still_matches()
    {
        var photo = SamplePortraits.PathOf(4);
        string[] Common(string key) => ["--server", server.Address, "--api-key", key, "--ca", server.Data.PathOf(DataDirectory.PublicCertificateFile), "--desk", "cli-test"];
        Assert.Equal(0, Run(["enroll", "--id", "72234567890123", photo, .. Common(server.Keys["enroller"])]).Exit);
        var before = Registry.Crypto.KeyRing.Parse(await File.ReadAllTextAsync(server.Data.PathOf(DataDirectory.KeyFile))).ActiveKeyId;

        var (denied, _, deniedError) = Run(["keys", "rotate", .. Common(server.Keys["supervisor"])]);
        var (exit, output, error) = Run(["keys", "rotate", .. Common(server.AdminKey)]);

        Assert.Equal(3, denied);
        Assert.Contains("PermissionDenied", deniedError, StringComparison.Ordinal);
        Assert.True(exit == 0, error);
        var ring = Registry.Crypto.KeyRing.Parse(await File.ReadAllTextAsync(server.Data.PathOf(DataDirectory.KeyFile)));
        Assert.NotEqual(before, ring.ActiveKeyId);
        Assert.Contains($"active key {ring.ActiveKeyId} (new)", output, StringComparison.Ordinal);
        Assert.Contains(before, ring.KeyIds);
        using (var connection = server.Data.Database.Open())
        using (var stale = connection.CreateCommand())
        {
            stale.CommandText = "SELECT COUNT(*) FROM templates WHERE key_id <> $active";
            stale.AddParameter("$active", ring.ActiveKeyId);
            Assert.Equal(0L, stale.ExecuteScalar());
        }

        (exit, var verified, error) = Run(["verify", "--id", "72234567890123", photo, "--json", .. Common(server.Keys["operator"])]);
        Assert.True(exit == 0, error);
        Assert.True(JsonDocument.Parse(verified).RootElement.GetProperty("match").GetBoolean());
        var adminId = server.AdminKey.Split('_')[1];
        Assert.Contains($"add-template-key:key:{adminId}", AuditActions(), StringComparison.Ordinal);
        Assert.Contains($"rotate-keys:key:{adminId}", AuditActions(), StringComparison.Ordinal);
    }

    private string AuditActions()
    {
        using var connection = server.Data.Database.Open();
        return string.Join(",", Registry.Audit.AuditLog.Read(connection).Select(e => $"{e.Entry.Action}:{e.Entry.Caller}"));
    }

    [Fact]
    public void Desks_policy_turns_a_desks_active_check_off_for_an_admin_only_and_the_desk_list_shows_it()
    {
        string[] Common(string key) => ["--server", server.Address, "--api-key", key, "--ca", server.Data.PathOf(DataDirectory.PublicCertificateFile), "--desk", "cli-test"];

        var (denied, _, deniedError) = Run(["desks", "policy", "--for-desk", "desk-70", "--active-check", "off", .. Common(server.Keys["supervisor"])]);
        var (wrong, _, wrongError) = Run(["desks", "policy", "--for-desk", "desk-70", "--active-check", "maybe", .. Common(server.AdminKey)]);
        var (exit, output, error) = Run(["desks", "policy", "--for-desk", "desk-70", "--active-check", "off", .. Common(server.AdminKey)]);
        var (_, listed, _) = Run(["desks", "--json", .. Common(server.Keys["supervisor"])]);

        Assert.True(denied == 3, deniedError);
        Assert.Contains("PermissionDenied", deniedError, StringComparison.Ordinal);
        Assert.NotEqual(0, wrong);
        Assert.Contains("maybe", wrongError, StringComparison.Ordinal);
        Assert.True(exit == 0, error);
        Assert.StartsWith("desk-70: active check off (set by ", output, StringComparison.Ordinal);
        Assert.Contains("\"desk\":\"desk-70\"", listed, StringComparison.Ordinal);
        Assert.Contains("\"active_check\":false", listed, StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
