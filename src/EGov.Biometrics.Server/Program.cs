using System.CommandLine;
using EGov.Biometrics.Server.Hosting;

var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "Registry, keys and certificate folder.", Required = true };
var urls = new Option<string>("--urls") { Description = "Where to listen, ';'-separated (https://127.0.0.1:5001).", DefaultValueFactory = _ => "https://127.0.0.1:5001" };
var plaintext = new Option<bool>("--plaintext") { Description = "Serve without TLS (loopback addresses only)." };
var root = new RootCommand("egov-server: the EGov.Biometrics gRPC matching service.") { dataDir, urls, plaintext };
root.SetAction(async (parse, cancel) =>
{
    var app = ServerHost.Build(new ServerOptions(parse.GetRequiredValue(dataDir).FullName, parse.GetValue(urls)!, parse.GetValue(plaintext)));
    await app.RunAsync(cancel);
    return 0;
});
return await root.Parse(args).InvokeAsync();
