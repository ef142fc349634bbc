using System.Text.Json;
using EGov.Biometrics.Cli;
using EGov.Biometrics.Contracts.V1;
using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Service.Access;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Server.Tests;

/// <summary>The console's people managed over gRPC and with egov-bio users: admin only, hashes never on the wire.</summary>
public sealed class UserAdministrationTests(RunningServer server) : IClassFixture<RunningServer>
{
    [Fact]
    public async Task An_admin_creates_and_lists_people_and_the_created_person_signs_in()
    {
        var client = new Administration.AdministrationClient(server.Channel);

        var created = await client.CreateUserAsync(new CreateUserRequest { Username = "olga", Role = "operator", Desk = "desk-7", Language = "ru", Password = "olga's long password" }, server.As(Roles.Admin));
        var listed = (await client.ListUsersAsync(new ListUsersRequest(), server.As(Roles.Admin))).Users.Single(u => u.Username == "olga");

        Assert.Equal(new User { Username = "olga", Role = "operator", Desk = "desk-7", Language = "ru", Disabled = false, LockedUntil = string.Empty }, created);
        Assert.Equal(created, listed);
        var people = server.Services.GetRequiredService<People>();
        Assert.Equal(SignInStatus.SignedIn, (await people.SignInAsync("olga", "olga's long password", "127.0.0.1")).Status);

        var duplicate = await Assert.ThrowsAsync<RpcException>(() => client.CreateUserAsync(new CreateUserRequest { Username = "olga", Role = "auditor", Password = "another long password" }, server.As(Roles.Admin)).ResponseAsync);
        Assert.Equal((StatusCode.AlreadyExists, "A person with the user name 'olga' already exists."), (duplicate.StatusCode, duplicate.Status.Detail));
        var invalid = await Assert.ThrowsAsync<RpcException>(() => client.CreateUserAsync(new CreateUserRequest { Username = "pavel", Role = "operator", Password = "short" }, server.As(Roles.Admin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("12 to 256 characters", invalid.Status.Detail, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.DisableUserAsync(new DisableUserRequest { Username = "nobody-here" }, server.As(Roles.Admin)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Supervisor)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Operator)]
    public async Task A_non_admin_key_is_refused_and_creates_nobody(string role)
    {
        var client = new Administration.AdministrationClient(server.Channel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => client.CreateUserAsync(new CreateUserRequest { Username = $"by-{role}", Role = "admin", Password = "a long enough password" }, server.As(role)).ResponseAsync);
        var refusedList = await Assert.ThrowsAsync<RpcException>(() => client.ListUsersAsync(new ListUsersRequest(), server.As(role)).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, $"The {role} role may not call /egov.biometrics.v1.Administration/CreateUser."), (refused.StatusCode, refused.Status.Detail));
        Assert.Equal(StatusCode.PermissionDenied, refusedList.StatusCode);
        Assert.Null(server.Services.GetRequiredService<People>().Find($"by-{role}"));
    }

    [Fact]
    public void Users_commands_create_list_reset_and_disable_with_passwords_from_standard_input()
    {
        string[] Common(string key) => ["--server", server.Address, "--api-key", key, "--ca", server.Data.PathOf(DataDirectory.PublicCertificateFile), "--desk", "cli-test"];

        var (exit, output, error) = Run("ruslan's first password\n", ["users", "create", "--username", "ruslan", "--role", "supervisor", "--language", "uz", "--password-stdin", .. Common(server.AdminKey)]);
        Assert.True(exit == 0, error);
        Assert.Equal("created ruslan (supervisor, uz)", output.Trim());

        (exit, output, error) = Run(string.Empty, ["users", "list", "--json", .. Common(server.AdminKey)]);
        Assert.True(exit == 0, error);
        var ruslan = JsonDocument.Parse(output).RootElement.EnumerateArray().Single(u => u.GetProperty("username").GetString() == "ruslan");
        Assert.Equal(("supervisor", "uz", false), (ruslan.GetProperty("role").GetString(), ruslan.GetProperty("language").GetString(), ruslan.GetProperty("disabled").GetBoolean()));
        Assert.DoesNotContain("hash", output, StringComparison.OrdinalIgnoreCase);

        var people = server.Services.GetRequiredService<People>();
        var stamp = people.Find("ruslan")!.SecurityStamp;
        (exit, output, error) = Run("ruslan's second password\n", ["users", "reset-password", "--username", "ruslan", "--password-stdin", .. Common(server.AdminKey)]);
        Assert.True(exit == 0, error);
        Assert.Equal("password reset", output.Trim());
        Assert.NotEqual(stamp, people.Find("ruslan")!.SecurityStamp);

        (exit, output, error) = Run(string.Empty, ["users", "disable", "--username", "ruslan", .. Common(server.AdminKey)]);
        Assert.True(exit == 0, error);
        Assert.True(people.Find("ruslan")!.Disabled);

        (exit, _, error) = Run(string.Empty, ["users", "create", "--username", "sveta", "--role", "auditor", .. Common(server.AdminKey)]);
        Assert.NotEqual(0, exit);
        Assert.Contains("--password-stdin", error, StringComparison.Ordinal);

        (exit, _, error) = Run("a long enough password\n", ["users", "create", "--username", "sveta", "--role", "auditor", "--password-stdin", .. Common(server.Keys[Roles.Supervisor])]);
        Assert.Equal(3, exit);
        Assert.Contains("PermissionDenied", error, StringComparison.Ordinal);
        Assert.Null(people.Find("sveta"));
    }

    private static (int Exit, string Output, string Error) Run(string input, string[] args)
    {
        var stdin = System.Console.In;
        using var output = new StringWriter();
        using var error = new StringWriter();
        System.Console.SetIn(new StringReader(input));
        try
        {
            var exit = CliApp.Run(args, output, error);
            return (exit, output.ToString(), error.ToString());
        }
        finally
        {
            System.Console.SetIn(stdin);
        }
    }
}
