namespace Fengqiao.Mediation.Disputes;

/// <summary>纠纷类型: the statistical types of people's mediation reports (domain.md §4), also a mediator's expertise.</summary>
public enum DisputeType
{
    /// <summary>婚姻家庭.</summary>
    MarriageAndFamily = 1,

    /// <summary>邻里.</summary>
    Neighbourhood = 2,

    /// <summary>房屋宅基地.</summary>
    HousingAndHomestead = 3,

    /// <summary>合同.</summary>
    Contract = 4,

    /// <summary>生产经营.</summary>
    ProductionAndBusiness = 5,

    /// <summary>损害赔偿.</summary>
    DamageCompensation = 6,

    /// <summary>山林土地.</summary>
    ForestAndLand = 7,

    /// <summary>征地拆迁.</summary>
    LandAcquisitionAndDemolition = 8,

    /// <summary>环境污染.</summary>
    EnvironmentalPollution = 9,

    /// <summary>劳动争议 (wage arrears among them).</summary>
    Labour = 10,

    /// <summary>消费.</summary>
    Consumer = 11,

    /// <summary>医疗.</summary>
    Medical = 12,

    /// <summary>道路交通事故.</summary>
    RoadTrafficAccident = 13,

    /// <summary>物业.</summary>
    Property = 14,

    /// <summary>其他.</summary>
    Other = 99,
}

public static class DisputeTypes
{
    public static string DisplayName(this DisputeType type) => type switch
    {
        DisputeType.MarriageAndFamily => "婚姻家庭纠纷",
        DisputeType.Neighbourhood => "邻里纠纷",
        DisputeType.HousingAndHomestead => "房屋宅基地纠纷",
        DisputeType.Contract => "合同纠纷",
        DisputeType.ProductionAndBusiness => "生产经营纠纷",
        DisputeType.DamageCompensation => "损害赔偿纠纷",
        DisputeType.ForestAndLand => "山林土地纠纷",
        DisputeType.LandAcquisitionAndDemolition => "征地拆迁纠纷",
        DisputeType.EnvironmentalPollution => "环境污染纠纷",
        DisputeType.Labour => "劳动争议纠纷",
        DisputeType.Consumer => "消费纠纷",
        DisputeType.Medical => "医疗纠纷",
        DisputeType.RoadTrafficAccident => "道路交通事故纠纷",
        DisputeType.Property => "物业纠纷",
        _ => "其他纠纷",
    };

    /// <summary>Parses a comma-separated list of type names (as stored for a mediator's expertise), skipping unknown ones.</summary>
    public static IReadOnlyList<DisputeType> ParseList(string? stored) =>
        [.. (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => Enum.TryParse<DisputeType>(name, out var type) ? (DisputeType?)type : null)
            .OfType<DisputeType>()];

    public static string? FormatList(IEnumerable<DisputeType> types)
    {
        var text = string.Join(',', types.Distinct().Order());
        return text.Length == 0 ? null : text;
    }
}
