namespace Fengqiao.Places.People;

/// <summary>与户主关系.</summary>
public enum HouseholdRelation
{
    /// <summary>户主</summary>
    Head = 1,

    /// <summary>配偶</summary>
    Spouse = 2,

    /// <summary>子女</summary>
    Child = 3,

    /// <summary>父母</summary>
    Parent = 4,

    /// <summary>其他</summary>
    Other = 5,
}

/// <summary>Where the resident is registered (户籍) compared with where they live.</summary>
public enum ResidenceKind
{
    /// <summary>户籍人口: registered here and living here.</summary>
    Registered = 1,

    /// <summary>流动人口: living here, registered elsewhere.</summary>
    Floating = 2,

    /// <summary>人户分离: registered here, living elsewhere.</summary>
    Separated = 3,
}
