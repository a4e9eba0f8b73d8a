namespace Fengqiao.Kernel.Calendar;

/// <summary>A stretch of working time within a day, e.g. 08:30–12:00; the gap between periods is the lunch break.</summary>
public readonly record struct WorkingPeriod(TimeOnly Start, TimeOnly End)
{
    public TimeSpan Length => End - Start;

    public static WorkingPeriod Parse(string text)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "HH:mm", out var start)
            || !TimeOnly.TryParseExact(parts[1], "HH:mm", out var end)
            || end <= start)
        {
            throw new FormatException($"工作时段格式应为 HH:mm-HH:mm 且结束晚于开始：'{text}'");
        }

        return new WorkingPeriod(start, end);
    }

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";
}
