using Fengqiao.Kernel.Errors;

namespace Fengqiao.Cases.Categories;

/// <summary>
/// 事件类别: a node of the category tree (大类 → 小类). Its rules live in numbered <see cref="CategoryVersion"/>s: an edit
/// adds a version, and a case keeps the version it was filed under.
/// </summary>
public sealed class Category
{
    public const int MaxCodeLength = 20;
    public const int MaxNameLength = 50;

    private Category()
    {
        Code = Name = "";
    }

    public Category(string code, string? parentCode, string name, CategoryKind kind, int sortOrder)
    {
        Rules.Check(new CategoryCodeIsShortAndPlain(code));
        Id = Guid.CreateVersion7();
        Code = code;
        ParentCode = parentCode;
        Name = name;
        Kind = kind;
        SortOrder = sortOrder;
        IsActive = true;
    }

    public Guid Id { get; private set; }

    /// <summary>Stable code, e.g. "E0102" (市容环境 / 暴露垃圾); cases and routing rules refer to it.</summary>
    public string Code { get; private set; }

    public string? ParentCode { get; private set; }

    public string Name { get; private set; }

    public CategoryKind Kind { get; private set; }

    public int SortOrder { get; private set; }

    /// <summary>Retired categories keep their cases but take no new ones.</summary>
    public bool IsActive { get; private set; }

    /// <summary>Number of the version new cases are filed under.</summary>
    public int CurrentVersion { get; private set; }

    public long Version { get; private set; }

    internal void Rename(string name) => Name = name;

    internal void MoveToVersion(int number) => CurrentVersion = number;

    internal void SetActive(bool active) => IsActive = active;
}

internal sealed class CategoryCodeIsShortAndPlain(string code) : IBusinessRule
{
    public bool IsBroken() => string.IsNullOrWhiteSpace(code) || code.Length > Category.MaxCodeLength || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    public string Message => $"类别编码“{code}”须为不超过 {Category.MaxCodeLength} 位的字母、数字、点或连字符。";
}
