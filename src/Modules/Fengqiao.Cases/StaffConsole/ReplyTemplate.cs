namespace Fengqiao.Cases.StaffConsole;

/// <summary>
/// 常用回复: a reusable note owned by a unit and offered on the cases of that unit and every unit below it (a street's
/// templates appear in its communities and grids). The text may hold placeholders such as {查询码} and {类别}, filled
/// from the case when a person picks the template.
/// </summary>
public sealed class ReplyTemplate
{
    public const int MaxTitleLength = 50;
    public const int MaxTextLength = 1000;

    public ReplyTemplate(Guid id, string unitCode, string unitPath, string title, string text, string createdBy, DateTimeOffset at)
    {
        Id = id;
        UnitCode = unitCode;
        UnitPath = unitPath;
        Title = title;
        Text = text;
        CreatedBy = createdBy;
        CreatedAt = at;
        UpdatedAt = at;
    }

    private ReplyTemplate()
    {
        UnitCode = UnitPath = Title = Text = CreatedBy = "";
    }

    public Guid Id { get; private set; }

    /// <summary>The owning unit (社区、街道、区县).</summary>
    public string UnitCode { get; private set; }

    /// <summary>The owning unit's path; a case at or below it is offered the template.</summary>
    public string UnitPath { get; private set; }

    public string Title { get; private set; }

    public string Text { get; private set; }

    public string CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Concurrency token: two people editing one template at once do not overwrite each other silently.</summary>
    public long Version { get; private set; }

    public void Revise(string title, string text, DateTimeOffset at)
    {
        Title = title;
        Text = text;
        UpdatedAt = at;
        Version++;
    }
}
