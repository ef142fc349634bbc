using Grpc.Core;

namespace EGov.Biometrics.Server.Tests;

/// <summary>Unary calls with a raw byte body, as a hostile client sends them: whatever bytes, to any method.</summary>
internal static class RawCalls
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    /// <summary>The unary RPCs that take a request body from outside (every one a caller can reach with a key).</summary>
    public static readonly IReadOnlyList<string> UnaryMethods =
    [
        "egov.biometrics.v1.Verification/Verify",
        "egov.biometrics.v1.Verification/Identify",
        "egov.biometrics.v1.Enrollment/Enroll",
        "egov.biometrics.v1.Enrollment/GetSubject",
        "egov.biometrics.v1.Enrollment/ListSubjects",
        "egov.biometrics.v1.Enrollment/DeleteSubject",
        "egov.biometrics.v1.Desks/VerifyAtDesk",
        "egov.biometrics.v1.Desks/ListDesks",
        "egov.biometrics.v1.Administration/CreateApiKey",
        "egov.biometrics.v1.Administration/GetStatistics",
        "egov.biometrics.v1.Administration/ListUsers",
    ];

    /// <summary>The status a raw call ends with (OK when it answered) and its message.</summary>
    public static async Task<(StatusCode Status, string Detail)> SendAsync(CallInvoker invoker, string fullMethod, byte[] body, Metadata headers, CancellationToken cancel = default)
    {
        var slash = fullMethod.IndexOf('/', StringComparison.Ordinal);
        var method = new Method<byte[], byte[]>(MethodType.Unary, fullMethod[..slash], fullMethod[(slash + 1)..], Bytes, Bytes);
        try
        {
            await invoker.AsyncUnaryCall(method, null, new CallOptions(headers, cancellationToken: cancel), body);
            return (StatusCode.OK, string.Empty);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail);
        }
    }
}
