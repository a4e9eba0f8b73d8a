using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Fengqiao.Web.Components.Shared;

/// <summary>What a person is told when a UI operation fails: the rule's own message, never a stack trace.</summary>
internal static class UiErrors
{
    public static string Describe(Exception exception) => exception switch
    {
        FengqiaoException known => known.Message,
        DbUpdateConcurrencyException => "您编辑期间，这条记录已被其他人修改。请刷新后重试。",
        _ => "操作失败，请稍后重试；如果问题持续，请联系管理员。",
    };
}
