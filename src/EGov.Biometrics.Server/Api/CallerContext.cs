using EGov.Biometrics.Server.Security;
using EGov.Biometrics.Service.Access;
using Grpc.Core;

namespace EGov.Biometrics.Server.Api;

/// <summary>The domain's <see cref="Caller"/> for a call ASP.NET Core authenticated: its credential and the desk it names in <c>x-desk-id</c>.</summary>
internal static class CallerContext
{
    public const string DeskHeader = "x-desk-id";

    public static Caller Caller(this ServerCallContext context) => Service.Access.Caller.For(
        CredentialPrincipal.CredentialOf(context.GetHttpContext().User)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "This call carries no authenticated credential.")),
        context.RequestHeaders.GetValue(DeskHeader));
}
