using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Fengqiao.Web.Platform.Inbox;

/// <summary>Open pages listen here for "notification" messages addressed to their signed-in person.</summary>
[Authorize]
internal sealed class NotificationHub : Hub
{
}
