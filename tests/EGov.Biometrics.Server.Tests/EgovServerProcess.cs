using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;

namespace EGov.Biometrics.Server.Tests;

/// <summary>egov-server as a separate process over a data folder: what an operator (or systemd) starts, stops and kills.</summary>
internal sealed class EgovServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error = new();
    private readonly StringBuilder _output = new();

    private EgovServerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the server wrote to standard output (its log) so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>What the server wrote to standard error so far.</summary>
    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static EgovServerProcess Start(string folder, int port, params string[] options)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "egov-server.dll");
        var start = new ProcessStartInfo("dotnet", [server, "--data-dir", folder, "--urls", $"https://127.0.0.1:{port}", "--no-console", .. options])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = new EgovServerProcess(Process.Start(start)!);
        process._process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                lock (process._output)
                {
                    process._output.AppendLine(text);
                }
            }
        };
        process._process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                lock (process._error)
                {
                    process._error.AppendLine(text);
                }
            }
        };
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Sends a signal (KILL, TERM) and waits for the process to end.</summary>
    public async Task SignalAsync(string signal)
    {
        if (signal == "KILL")
        {
            _process.Kill(entireProcessTree: true);
        }
        else
        {
            using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>The exit code of a server expected to refuse its start (a server still running after the timeout is killed and reported).</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"egov-server still ran after {timeout.TotalSeconds} s; stderr: {Error}");
        }

        _process.WaitForExit(); // the redirected streams drained
        return _process.ExitCode;
    }

    /// <summary>Waits until the server answers its health check, trusting the certificate in its folder.</summary>
    public async Task<GrpcChannel> ConnectAsync(string folder, int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var channel = Contracts.Client.ServerChannel.Open($"https://127.0.0.1:{port}", Contracts.Client.ServerChannel.LoadPem(Path.Combine(folder, "server.crt")));
                await new global::Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new global::Grpc.Health.V1.HealthCheckRequest());
                return channel;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
