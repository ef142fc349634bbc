using System.CommandLine;
using EGov.Biometrics.Cli.Output;
using EGov.Biometrics.Contracts.V1;
using Google.Protobuf;

namespace EGov.Biometrics.Cli.Commands.Client;

/// <summary>The service's client commands: enroll, verify, identify, subject, delete, keys, certs, stats, users, desks, verify-at-desk.</summary>
internal static class ClientCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Enroll();
        yield return Verify();
        yield return Identify();
        yield return Subject();
        yield return Delete();
        yield return Keys();
        yield return Certificates();
        yield return Stats();
        yield return UserCommands.Users();
        yield return DeskCommands.Desks();
        yield return DeskCommands.VerifyAtDesk();
    }

    private static Command Enroll()
    {
        var id = PinflOption();
        var images = new Argument<FileInfo[]>("images") { Description = "One or more photos of the subject.", Arity = ArgumentArity.OneOrMore };
        var flag = new Option<bool>("--flag-duplicates") { Description = "Enrol even if the face matches someone else (reported), instead of refusing." };
        var json = new Option<bool>("--json");
        var command = new Command("enroll", "Enrol a subject from photos (with a duplicate check).") { id, images, flag, json };
        return Client(command, async (parse, connection, channel, headers) =>
        {
            var request = new EnrollRequest
            {
                Pinfl = parse.GetRequiredValue(id),
                DuplicatePolicy = parse.GetValue(flag) ? DuplicatePolicy.Flag : DuplicatePolicy.Reject,
            };
            request.Probes.AddRange(parse.GetRequiredValue(images).Select(f => ImageProbe(f)));
            var response = await new Enrollment.EnrollmentClient(channel).EnrollAsync(request, headers);
            Print(parse, json, response, $"enrolled {response.Pinfl}: {response.TemplateIds.Count} template(s), decision {response.DecisionId}"
                + (response.PossibleDuplicates.Count > 0 ? $"; possible duplicates: {string.Join(", ", response.PossibleDuplicates.Select(d => $"{d.Pinfl} ({d.Similarity:F3})"))}" : string.Empty));
        });
    }

    private static Command Verify()
    {
        var id = PinflOption();
        var image = new Argument<FileInfo>("image") { Description = "Photo of the person at the desk." };
        var fmr = FmrOption();
        var model = ModelOption();
        var json = new Option<bool>("--json");
        var command = new Command("verify", "1:1: is the person in the photo the citizen with this PINFL?") { id, image, fmr, model, json };
        return Client(command, async (parse, connection, channel, headers) =>
        {
            var response = await new Verification.VerificationClient(channel).VerifyAsync(
                new VerifyRequest { Pinfl = parse.GetRequiredValue(id), Probe = ImageProbe(parse.GetRequiredValue(image), parse.GetValue(model)), Fmr = parse.GetValue(fmr) }, headers);
            PrintVerification(parse, parse.GetValue(json), parse.GetRequiredValue(id), response);
        });
    }

    /// <summary>A verification's outcome as a line or, with --json, <c>{"match","similarity","fmr","decision_id",…}</c>.</summary>
    internal static void PrintVerification(ParseResult parse, bool json, string pinfl, VerifyResponse response)
    {
        var output = parse.InvocationConfiguration.Output;
        if (json)
        {
            Json.Write(output, new { match = response.Match, similarity = response.Similarity, fmr = response.OperatingPoint.Fmr, threshold = response.OperatingPoint.Threshold, enrolled = response.Enrolled, decision_id = response.DecisionId, quality = response.Quality, liveness = response.Liveness, liveness_failed = response.LivenessFailed, active_check_failed = response.ActiveCheckFailed });
        }
        else
        {
            // Roles that do not read scores get 0 for both (the server withholds them): say so rather than print a 0.
            var disclosed = response.Similarity != 0;
            var liveness = disclosed ? $"liveness {response.Liveness:F2}" : "scores not disclosed to this role";
            output.WriteLine(response.LivenessFailed ? $"LIVENESS CHECK FAILED{(response.Liveness != 0 ? $": liveness {response.Liveness:F2}" : string.Empty)}; nothing was compared (decision {response.DecisionId})"
                : response.ActiveCheckFailed ? $"ACTIVE CHECK FAILED: no blink or head turn seen; verify again and, while the camera waits, ask the citizen to turn their head left and right; nothing was compared (decision {response.DecisionId})"
                : !response.Enrolled ? $"{pinfl} is not enrolled (decision {response.DecisionId})"
                : disclosed ? $"{(response.Match ? "MATCH" : "NO MATCH")}: similarity {response.Similarity:F4}, threshold {response.OperatingPoint.Threshold:F4} at FMR {response.OperatingPoint.Fmr:0.#e0}, {liveness} (decision {response.DecisionId})"
                : $"{(response.Match ? "MATCH" : "NO MATCH")} at FMR {response.OperatingPoint.Fmr:0.#e0}; {liveness} (decision {response.DecisionId})");
        }
    }

    private static Command Identify()
    {
        var image = new Argument<FileInfo>("image") { Description = "Photo to search for." };
        var k = new Option<int>("--k") { Description = "At most this many candidates.", DefaultValueFactory = _ => 5 };
        var fmr = FmrOption();
        var model = ModelOption();
        var json = new Option<bool>("--json");
        var command = new Command("identify", "1:N: who in the registry is the person in the photo?") { image, k, fmr, model, json };
        return Client(command, async (parse, connection, channel, headers) =>
        {
            var response = await new Verification.VerificationClient(channel).IdentifyAsync(
                new IdentifyRequest { Probe = ImageProbe(parse.GetRequiredValue(image), parse.GetValue(model)), K = parse.GetValue(k), Fmr = parse.GetValue(fmr) }, headers);
            Print(parse, json, response, response.LivenessFailed ? $"LIVENESS CHECK FAILED: liveness {response.Liveness:F2}; nothing was searched (decision {response.DecisionId})"
                : response.Candidates.Count == 0 ? $"no candidate at FMR {response.OperatingPoint.Fmr:0.#e0}"
                : string.Join(Environment.NewLine, response.Candidates.Select((c, i) => $"{i + 1}. {c.Pinfl}  similarity {c.Similarity:F4}")));
        });
    }

    private static Command Subject()
    {
        var id = PinflOption();
        var command = new Command("subject", "Show an enrolled subject.") { id };
        return Client(command, async (parse, connection, channel, headers) =>
            Json.Write(parse.InvocationConfiguration.Output, await new Enrollment.EnrollmentClient(channel).GetSubjectAsync(new GetSubjectRequest { Pinfl = parse.GetRequiredValue(id) }, headers)));
    }

    private static Command Delete()
    {
        var id = PinflOption();
        var command = new Command("delete", "Delete a subject and its templates for good (admin).") { id };
        return Client(command, async (parse, connection, channel, headers) =>
        {
            var response = await new Enrollment.EnrollmentClient(channel).DeleteSubjectAsync(new DeleteSubjectRequest { Pinfl = parse.GetRequiredValue(id) }, headers);
            parse.InvocationConfiguration.Output.WriteLine(response.Deleted ? "deleted" : "not enrolled");
        });
    }

    private static Command Keys()
    {
        var role = new Option<string>("--role") { Description = "device, operator, enroller, supervisor, auditor or admin.", Required = true };
        var forDesk = ForDeskOption();
        var create = new Command("create", "Create an API key; prints the key alone on standard output.") { role, forDesk };
        Client(create, async (parse, connection, channel, headers) =>
            parse.InvocationConfiguration.Output.WriteLine((await new Administration.AdministrationClient(channel).CreateApiKeyAsync(
                new CreateApiKeyRequest { Role = parse.GetRequiredValue(role), Desk = parse.GetValue(forDesk) ?? string.Empty }, headers)).ApiKey));
        var keyId = new Argument<string>("key-id") { Description = "The key's public id: the part between 'egov_' and the secret." };
        var revoke = new Command("revoke", "Revoke an API key; it stops working at once, open desk streams at their next heartbeat.") { keyId };
        Client(revoke, async (parse, connection, channel, headers) =>
        {
            var revoked = (await new Administration.AdministrationClient(channel).RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = parse.GetRequiredValue(keyId) }, headers)).Revoked;
            parse.InvocationConfiguration.Output.WriteLine(revoked ? "revoked" : "not found (or already revoked)");
        });
        var rotate = new Command("rotate", "Rotate the template-encryption key: a new active key, then every template and image re-encrypted under it while the server keeps serving (audited).");
        Client(rotate, async (parse, connection, channel, headers) =>
        {
            var result = await new Administration.AdministrationClient(channel).RotateKeysAsync(new RotateKeysRequest(), headers);
            parse.InvocationConfiguration.Output.WriteLine(result.GeneratedKey
                ? $"active key {result.ActiveKeyId} (new); re-encrypted {result.ReencryptedTemplates} templates"
                : $"active key {result.ActiveKeyId} (already active: an earlier rotation finished, or the ring comes from {Registry.Crypto.KeyRing.EnvironmentVariable}); re-encrypted {result.ReencryptedTemplates} templates");
        });
        return new Command("keys", "Manage API keys and rotate the template-encryption key (admin).") { create, revoke, rotate };
    }

    private static Command Certificates()
    {
        var role = new Option<string>("--role") { Description = "device, operator, enroller, supervisor, auditor or admin.", Required = true };
        var name = new Option<string>("--name") { Description = "Who holds the certificate (e.g. the desk).", Required = true };
        var file = new Argument<FileInfo>("certificate") { Description = "The client certificate, PEM or DER." };
        var forDesk = ForDeskOption();
        var add = new Command("add", "Admit a client certificate for a role; prints its SHA-256 fingerprint.") { role, name, forDesk, file };
        Client(add, async (parse, connection, channel, headers) =>
        {
            var request = new RegisterClientCertificateRequest
            {
                Certificate = ByteString.CopyFrom(File.ReadAllBytes(parse.GetRequiredValue(file).FullName)),
                Role = parse.GetRequiredValue(role),
                Name = parse.GetRequiredValue(name),
                Desk = parse.GetValue(forDesk) ?? string.Empty,
            };
            parse.InvocationConfiguration.Output.WriteLine((await new Administration.AdministrationClient(channel).RegisterClientCertificateAsync(request, headers)).Fingerprint);
        });
        var fingerprint = new Argument<string>("fingerprint") { Description = "SHA-256 fingerprint as printed by 'certs add'." };
        var revoke = new Command("revoke", "Revoke a client certificate.") { fingerprint };
        Client(revoke, async (parse, connection, channel, headers) =>
        {
            var revoked = (await new Administration.AdministrationClient(channel).RevokeClientCertificateAsync(new RevokeClientCertificateRequest { Fingerprint = parse.GetRequiredValue(fingerprint) }, headers)).Revoked;
            parse.InvocationConfiguration.Output.WriteLine(revoked ? "revoked" : "not found (or already revoked)");
        });
        return new Command("certs", "Manage client certificates for mutual TLS (admin).") { add, revoke };
    }

    private static Command Stats()
    {
        var command = new Command("stats", "Registry and index statistics (admin).");
        return Client(command, async (parse, connection, channel, headers) =>
            Json.Write(parse.InvocationConfiguration.Output, await new Administration.AdministrationClient(channel).GetStatisticsAsync(new GetStatisticsRequest(), headers)));
    }

    internal static Command Client(Command command, Func<ParseResult, ServerConnection, Grpc.Net.Client.GrpcChannel, Grpc.Core.Metadata, Task> action)
    {
        var connection = new ServerConnection();
        connection.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            using var channel = connection.Open(parse);
            await action(parse, connection, channel, connection.Headers(parse));
            return 0;
        });
        return command;
    }

    private static void Print<T>(ParseResult parse, Option<bool> json, T message, string text)
        where T : IMessage
    {
        if (parse.GetValue(json))
        {
            parse.InvocationConfiguration.Output.WriteLine(JsonFormatter.Default.Format(message));
        }
        else
        {
            parse.InvocationConfiguration.Output.WriteLine(text);
        }
    }

    private static Option<string?> ForDeskOption() => new("--for-desk") { Description = "Bind the credential to this desk: its calls act as that desk, and only it (for device keys)." };

    internal static Option<string> PinflOption() => new("--id") { Description = "The citizen's PINFL (14 digits).", Required = true };

    internal static Option<double> FmrOption() => new("--fmr") { Description = "False-match rate of the decision (default: the model's default operating point)." };

    private static Option<string?> ModelOption() => new("--model") { Description = "Decide with this served embedder (default: the server's default)." };

    private static Probe ImageProbe(FileInfo file, string? model = null) =>
        file.Exists ? new Probe { Image = ByteString.CopyFrom(File.ReadAllBytes(file.FullName)), ModelId = model ?? string.Empty }
            : throw new CommandException($"No image at {file.FullName}.");
}
