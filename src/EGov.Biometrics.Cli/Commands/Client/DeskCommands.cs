using System.CommandLine;
using EGov.Biometrics.Cli.Output;
using EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Cli.Commands.Client;

/// <summary>The desk commands: the Situation Center's list of desks, a desk's liveness policy, and an operator's verification at a desk.</summary>
internal static class DeskCommands
{
    public static Command Desks()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON: [{\"desk\",\"online\",\"last_seen\",\"fps\",\"queue_depth\",\"captures\",\"camera\"}]." };
        var command = new Command("desks", "Every desk the server has heard from: online, last seen, frame rate, queue, captures recorded, camera, active check (supervisor, auditor).") { json, Policy() };
        return ClientCommands.Client(command, async (parse, connection, channel, headers) =>
        {
            var desks = (await new Contracts.V1.Desks.DesksClient(channel).ListDesksAsync(new ListDesksRequest(), headers)).Desks;
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                Json.Write(output, desks.Select(d => new
                {
                    desk = d.Desk,
                    online = d.Online,
                    last_seen = d.LastSeen,
                    fps = Math.Round(d.Fps, 1),
                    queue_depth = d.QueueDepth,
                    captures = d.Captures,
                    camera = d.Camera,
                    camera_error = d.CameraError,
                    agent_version = d.AgentVersion,
                    active_check = d.ActiveCheck,
                }));
                return;
            }

            foreach (var d in desks)
            {
                output.WriteLine($"{d.Desk,-16} {(d.Online ? "online " : "offline")} last seen {d.LastSeen}  {d.Fps,5:F1} fps  queue {d.QueueDepth,4}  captures {d.Captures,6}  active check {(d.ActiveCheck ? "on " : "off")}  camera {d.Camera}{(d.CameraError.Length > 0 ? $" ({d.CameraError})" : string.Empty)}");
            }
        });
    }

    /// <summary><c>desks policy --for-desk D --active-check on|off</c>: whether the desk's decisions need a blink or a head turn (admin).</summary>
    private static Command Policy()
    {
        var desk = new Option<string>("--for-desk") { Description = "The desk the policy applies to.", Required = true };
        var active = new Option<string>("--active-check") { Description = "on: decisions need a blink or a head turn in the capture's frames (the default); off: a fixed still camera.", Required = true };
        active.AcceptOnlyFromAmong("on", "off");
        var command = new Command("policy", "Sets a desk's liveness policy (admin; audited).") { desk, active };
        return ClientCommands.Client(command, async (parse, connection, channel, headers) =>
        {
            var policy = await new Administration.AdministrationClient(channel).SetDeskPolicyAsync(
                new SetDeskPolicyRequest { Desk = parse.GetRequiredValue(desk), ActiveCheck = parse.GetRequiredValue(active) == "on" }, headers);
            parse.InvocationConfiguration.Output.WriteLine($"{policy.Desk}: active check {(policy.ActiveCheck ? "on" : "off")} (set by {policy.ChangedBy} at {policy.ChangedAt})");
        });
    }

    public static Command VerifyAtDesk()
    {
        var desk = new Option<string>("--at") { Description = "The desk whose camera takes the photo.", Required = true };
        var id = ClientCommands.PinflOption();
        var fmr = ClientCommands.FmrOption();
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for a capture.", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json");
        var command = new Command("verify-at-desk", "1:1 on the desk camera's next best capture: is the person at the desk the citizen with this PINFL? (operator)") { desk, id, fmr, timeout, json };
        return ClientCommands.Client(command, async (parse, connection, channel, headers) =>
        {
            var request = new VerifyAtDeskRequest { DeskId = parse.GetRequiredValue(desk), Pinfl = parse.GetRequiredValue(id), Fmr = parse.GetValue(fmr), TimeoutSeconds = parse.GetValue(timeout) };
            var response = await new Contracts.V1.Desks.DesksClient(channel).VerifyAtDeskAsync(request, headers, deadline: DateTime.UtcNow.AddSeconds(request.TimeoutSeconds + 10));
            ClientCommands.PrintVerification(parse, parse.GetValue(json), request.Pinfl, response);
        });
    }
}
