using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using EGov.Biometrics.Registry.Access;
using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Service.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// /metrics tells how busy every desk and method is (issue 12, finding 7: it answered anyone). A scraper on the
/// server's own machine reads it freely; from any other address it takes an API key that may read statistics.
/// </summary>
public sealed class MetricsAccessTests
{
    [Fact]
    public async Task Metrics_on_a_network_address_need_a_key_that_may_read_statistics()
    {
        // A connection to this machine's own network address arrives from that address, not from loopback.
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.True(address is not null, "this test needs a non-loopback IPv4 address on this machine");

        var folder = Directory.CreateTempSubdirectory("egov-metrics-");
        var metricsUrl = $"http://{address}:{LoopbackPorts.Next()}";
        var app = ServerHost.Build(new ServerOptions(folder.FullName, "https://127.0.0.1:0", MetricsUrl: metricsUrl));
        await app.StartAsync();
        try
        {
            var store = new ApiKeyStore(app.Services.GetRequiredService<DataDirectory>().Database);
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"{metricsUrl}/metrics")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await Scrape(http, metricsUrl, "egov_0123456789ab_guess")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Scrape(http, metricsUrl, store.Create(Roles.Operator))).StatusCode);
            Assert.DoesNotContain(Roles.Operator, AccessPolicies.Admitted[AccessPolicies.ReadStatistics]);

            // The roles the domain's table admits to statistics (administrators today) may scrape from anywhere.
            var allowed = Roles.All.First(r => AccessPolicies.Admitted[AccessPolicies.ReadStatistics].Contains(r));
            var scraped = await Scrape(http, metricsUrl, store.Create(allowed));
            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
            Assert.Contains("egov_", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static Task<HttpResponseMessage> Scrape(HttpClient http, string metricsUrl, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{metricsUrl}/metrics");
        request.Headers.Add("x-api-key", key);
        return http.SendAsync(request);
    }
}
