using System.CommandLine;
using EGov.Biometrics.Cli.Output;
using EGov.Biometrics.CommandLine;
using EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Cli.Commands.Client;

/// <summary>
/// <c>users create|list|disable|reset-password</c>: the people who sign in to the web console (admin). Passwords
/// are read from standard input (<c>--password-stdin</c>), never taken as an argument a process list would show.
/// </summary>
internal static class UserCommands
{
    public static Command Users()
    {
        var username = UsernameOption();
        var role = new Option<string>("--role") { Description = "operator, enroller, supervisor, auditor or admin.", Required = true };
        var forDesk = new Option<string?>("--for-desk") { Description = "Operators only: the desk the person works at (their verifications act as that desk)." };
        var language = new Option<string?>("--language") { Description = "The console's language for the person: en (default), ru or uz." };
        var passwordStdin = PasswordStdinOption();
        var create = new Command("create", "Create a person who signs in to the web console; the password is read from standard input.") { username, role, forDesk, language, passwordStdin };
        ClientCommands.Client(create, async (parse, connection, channel, headers) =>
        {
            var request = new CreateUserRequest
            {
                Username = parse.GetRequiredValue(username),
                Role = parse.GetRequiredValue(role),
                Desk = parse.GetValue(forDesk) ?? string.Empty,
                Language = parse.GetValue(language) ?? string.Empty,
                Password = ReadPassword(parse, passwordStdin),
            };
            var user = await new Administration.AdministrationClient(channel).CreateUserAsync(request, headers);
            parse.InvocationConfiguration.Output.WriteLine($"created {user.Username} ({user.Role}{(user.Desk.Length > 0 ? $", desk {user.Desk}" : string.Empty)}, {user.Language})");
        });

        var json = new Option<bool>("--json") { Description = "Print JSON: [{\"username\",\"role\",\"desk\",\"language\",\"disabled\",\"locked_until\"}]." };
        var list = new Command("list", "Every person who may sign in to the web console.") { json };
        ClientCommands.Client(list, async (parse, connection, channel, headers) =>
        {
            var users = (await new Administration.AdministrationClient(channel).ListUsersAsync(new ListUsersRequest(), headers)).Users;
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                Json.Write(output, users.Select(u => new { username = u.Username, role = u.Role, desk = u.Desk, language = u.Language, disabled = u.Disabled, locked_until = u.LockedUntil }));
                return;
            }

            foreach (var u in users)
            {
                var state = u.Disabled ? "disabled" : u.LockedUntil.Length > 0 ? $"locked until {u.LockedUntil}" : "active";
                output.WriteLine($"{u.Username,-24} {u.Role,-10} {(u.Desk.Length > 0 ? u.Desk : "-"),-16} {u.Language}  {state}");
            }
        });

        var disabledName = UsernameOption();
        var disable = new Command("disable", "Disable a person: they can no longer sign in, and their open console sessions end.") { disabledName };
        ClientCommands.Client(disable, async (parse, connection, channel, headers) =>
        {
            await new Administration.AdministrationClient(channel).DisableUserAsync(new DisableUserRequest { Username = parse.GetRequiredValue(disabledName) }, headers);
            parse.InvocationConfiguration.Output.WriteLine("disabled");
        });

        var resetName = UsernameOption();
        var resetStdin = PasswordStdinOption();
        var reset = new Command("reset-password", "Set a person's password (read from standard input); ends their sessions and lifts a lockout.") { resetName, resetStdin };
        ClientCommands.Client(reset, async (parse, connection, channel, headers) =>
        {
            var request = new ResetUserPasswordRequest { Username = parse.GetRequiredValue(resetName), Password = ReadPassword(parse, resetStdin) };
            await new Administration.AdministrationClient(channel).ResetUserPasswordAsync(request, headers);
            parse.InvocationConfiguration.Output.WriteLine("password reset");
        });

        return new Command("users", "Manage the people who sign in to the web console (admin).") { create, list, disable, reset };
    }

    private static Option<string> UsernameOption() => new("--username") { Description = "The person's user name (3 to 64 characters of a-z, 0-9, '.', '_', '-').", Required = true };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin") { Description = "Read the password from the first line of standard input (required)." };

    // The first line of standard input, without its line end.
    private static string ReadPassword(ParseResult parse, Option<bool> fromStdin) =>
        !parse.GetValue(fromStdin) ? throw new CommandException("Pass the password on standard input with --password-stdin (it is never taken as an argument).")
        : System.Console.In.ReadLine() is { Length: > 0 } password ? password
        : throw new CommandException("--password-stdin: standard input held no password.");
}
