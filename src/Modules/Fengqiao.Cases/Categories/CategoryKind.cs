namespace Fengqiao.Cases.Categories;

/// <summary>Which family of the tree a category belongs to.</summary>
public enum CategoryKind
{
    /// <summary>事件 (GB/T 30428.2 event classes: 市容环境, 街面秩序 …)</summary>
    Event = 1,

    /// <summary>部件 (GB/T 30428.2 part classes: 公用设施, 道路交通 …)</summary>
    Part = 2,

    /// <summary>社会治理 (矛盾纠纷, 治安隐患, 安全隐患, 民生诉求, 特殊人群, 信访苗头)</summary>
    SocialGovernance = 3,
}
