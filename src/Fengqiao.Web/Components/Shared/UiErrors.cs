using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Fengqiao.Web.Components.Shared;

/// <summary>What a person is told when a UI operation fails: the rule's own message, never a stack trace.</summary>
internal static class UiErrors
{
    public static string Describe(Exception exception, IStringLocalizer localizer) => exception switch
    {
        FengqiaoException known => known.Message,
        DbUpdateConcurrencyException => localizer["Error_Concurrent"],
        _ => localizer["Error_Unexpected"],
    };
}
