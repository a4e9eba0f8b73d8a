using Fengqiao.Kernel.Units;

namespace Fengqiao.Cases.Categories;

/// <summary>
/// The category tree every installation starts with: the GB/T 30428.2 event and part classes with examples of their
/// subclasses and published time limits (暴露垃圾 4 工作时, 道路不洁 2 工作时, 私搭乱建 20 工作日 …), the
/// social-governance classes, and the first-level classes of the government hotline taxonomy under 民生诉求. Limits
/// and tiers are starting values: administrators adjust them, and each change is a new version.
/// </summary>
internal static class CategorySeed
{
    public static IEnumerable<SeedCategory> All()
    {
        static SeedCategory C(string code, string? parent, string name, CategoryKind kind, int amount, TimeLimitUnit unit, UnitLevel tier,
            string? department = null, CasePriority priority = CasePriority.Normal, bool isPublic = true, string? filing = null, string? closing = null,
            IReadOnlyList<CategoryQuestion>? questions = null) =>
            new(code, parent, name, kind, new CategoryRules(filing, closing, new TimeLimit(amount, unit), tier, department, priority, isPublic, questions ?? [], "初始类别"));

        const TimeLimitUnit H = TimeLimitUnit.WorkingHours;
        const TimeLimitUnit D = TimeLimitUnit.WorkingDays;
        const TimeLimitUnit Clock = TimeLimitUnit.CalendarHours;
        const CategoryKind E = CategoryKind.Event;
        const CategoryKind P = CategoryKind.Part;
        const CategoryKind S = CategoryKind.SocialGovernance;

        // 事件 (GB/T 30428.2)
        yield return C("E01", null, "市容环境", E, 1, D, UnitLevel.Community, "cg");
        yield return C("E0101", "E01", "私搭乱建", E, 20, D, UnitLevel.Street, "cg", filing: "在建或已建成的违法建筑物、构筑物", closing: "违法建筑已拆除或已立案查处");
        yield return C("E0102", "E01", "暴露垃圾", E, 4, H, UnitLevel.Grid, filing: "垃圾暴露堆放，面积 0.5 平方米以上", closing: "垃圾已清运，现场干净");
        yield return C("E0103", "E01", "积存垃圾渣土", E, 1, D, UnitLevel.Community, "cg", filing: "成堆的积存垃圾、渣土", closing: "垃圾渣土已清运");
        yield return C("E0104", "E01", "道路不洁", E, 2, H, UnitLevel.Community, "cg", filing: "道路有明显污物、污渍", closing: "路面已清扫干净");
        yield return C("E0105", "E01", "水域不洁", E, 1, D, UnitLevel.Street, "hb", filing: "河道、湖面有漂浮垃圾或异味", closing: "水面已清理");
        yield return C("E0106", "E01", "绿地脏乱", E, 4, H, UnitLevel.Community, closing: "绿地已清理");
        yield return C("E0107", "E01", "废弃车辆", E, 3, D, UnitLevel.Street, "cg", closing: "车辆已移走");
        yield return C("E02", null, "宣传广告", E, 1, D, UnitLevel.Community, "cg");
        yield return C("E0201", "E02", "非法小广告", E, 1, D, UnitLevel.Grid, closing: "小广告已清除");
        yield return C("E0202", "E02", "违规户外广告", E, 5, D, UnitLevel.County, "cg", closing: "广告已整改或拆除");
        yield return C("E03", null, "施工管理", E, 2, D, UnitLevel.Street, "cg");
        yield return C("E0301", "E03", "施工扰民", E, 1, D, UnitLevel.Street, "cg", closing: "施工方已整改，噪声符合规定");
        yield return C("E0302", "E03", "施工废弃料", E, 2, D, UnitLevel.Street, "cg", closing: "废弃料已清运");
        yield return C("E04", null, "突发事件", E, 2, Clock, UnitLevel.Street, priority: CasePriority.Urgent);
        yield return C("E0401", "E04", "路面塌陷", E, 2, Clock, UnitLevel.County, "zj", CasePriority.Emergency, closing: "已设置警示并修复");
        yield return C("E0402", "E04", "自来水管破裂", E, 4, Clock, UnitLevel.County, "zj", CasePriority.Urgent, closing: "管道已修复，恢复供水");
        yield return C("E0403", "E04", "燃气泄漏", E, 1, Clock, UnitLevel.County, "zj", CasePriority.Emergency, closing: "泄漏已排除",
            questions: [new CategoryQuestion("valve_closed", "是否已关闭燃气总阀？", QuestionType.SingleValueList, true, 1, [new("yes", "已关闭"), new("no", "未关闭"), new("unknown", "不清楚")])]);
        yield return C("E05", null, "街面秩序", E, 1, D, UnitLevel.Community, "cg");
        yield return C("E0501", "E05", "无照经营游商", E, 4, H, UnitLevel.Community, "cg", closing: "游商已劝离");
        yield return C("E0502", "E05", "占道经营", E, 4, H, UnitLevel.Grid, closing: "占道物品已清除");
        yield return C("E0503", "E05", "机动车乱停放", E, 2, H, UnitLevel.Community, closing: "车辆已驶离或已处罚");
        yield return C("E0504", "E05", "非机动车乱停放", E, 2, H, UnitLevel.Grid, closing: "车辆已摆放整齐");
        yield return C("E06", null, "扩展事件", E, 3, D, UnitLevel.Community);

        // 部件 (GB/T 30428.2)
        yield return C("P01", null, "公用设施", P, 3, D, UnitLevel.County, "zj");
        yield return C("P0101", "P01", "井盖破损或缺失", P, 4, Clock, UnitLevel.County, "zj", CasePriority.Urgent, closing: "井盖已更换，现场安全");
        yield return C("P0102", "P01", "路灯不亮", P, 3, D, UnitLevel.County, "cg", closing: "路灯已修复");
        yield return C("P02", null, "道路交通", P, 3, D, UnitLevel.County, "zj");
        yield return C("P0201", "P02", "交通信号灯故障", P, 4, Clock, UnitLevel.County, "zj", CasePriority.Urgent, closing: "信号灯已修复");
        yield return C("P0202", "P02", "护栏损坏", P, 3, D, UnitLevel.County, "zj", closing: "护栏已修复");
        yield return C("P03", null, "市容环境设施", P, 3, D, UnitLevel.Street, "cg");
        yield return C("P0301", "P03", "垃圾箱损坏", P, 3, D, UnitLevel.Street, "cg", closing: "垃圾箱已修复或更换");
        yield return C("P0302", "P03", "公厕设施损坏", P, 2, D, UnitLevel.Street, "cg", closing: "公厕设施已修复");
        yield return C("P04", null, "园林绿化", P, 5, D, UnitLevel.Street);
        yield return C("P0401", "P04", "行道树倒伏或缺损", P, 1, D, UnitLevel.Street, closing: "树木已处理");
        yield return C("P05", null, "房屋土地", P, 10, D, UnitLevel.County, "zj");
        yield return C("P06", null, "其他设施", P, 5, D, UnitLevel.Street);
        yield return C("P07", null, "扩展部件", P, 5, D, UnitLevel.Street);

        // 社会治理
        yield return C("S01", null, "矛盾纠纷", S, 5, D, UnitLevel.Community, isPublic: false, closing: "纠纷已化解或已转人民调解");
        yield return C("S0101", "S01", "邻里纠纷", S, 5, D, UnitLevel.Grid, isPublic: false, closing: "双方达成谅解");
        yield return C("S0102", "S01", "物业纠纷", S, 5, D, UnitLevel.Community, isPublic: false);
        yield return C("S0103", "S01", "劳资纠纷", S, 5, D, UnitLevel.Street, isPublic: false);
        yield return C("S0104", "S01", "婚姻家庭纠纷", S, 5, D, UnitLevel.Community, isPublic: false);
        yield return C("S02", null, "治安隐患", S, 1, D, UnitLevel.Community, isPublic: false);
        yield return C("S03", null, "安全隐患", S, 1, D, UnitLevel.Community, priority: CasePriority.Urgent);
        yield return C("S0301", "S03", "消防安全隐患", S, 8, Clock, UnitLevel.Community, priority: CasePriority.Urgent, filing: "堵塞消防通道、私拉电线、电动车楼道充电等", closing: "隐患已消除");
        yield return C("S0302", "S03", "燃气安全隐患", S, 8, Clock, UnitLevel.Street, "zj", CasePriority.Urgent, closing: "隐患已消除");
        yield return C("S04", null, "民生诉求", S, 5, D, UnitLevel.Community);
        var appeals = new[]
        {
            "城乡建设", "环境保护", "交通运输", "商贸旅游", "劳动和社会保障", "教育文体", "卫生计生", "民政", "农村农业", "国土资源",
            "经济管理", "科技与信息产业", "政法", "党务政务", "纪检监察",
        };
        for (var i = 0; i < appeals.Length; i++)
        {
            var sensitive = appeals[i] is "政法" or "纪检监察";
            yield return C($"S04{i + 1:00}", "S04", appeals[i], S, 5, D, UnitLevel.Street, isPublic: !sensitive);
        }

        yield return C("S05", null, "特殊人群", S, 3, D, UnitLevel.Community, isPublic: false);
        yield return C("S06", null, "信访苗头", S, 2, D, UnitLevel.Street, priority: CasePriority.Urgent, isPublic: false);
    }
}

/// <summary>A category of the initial tree with the rules of its first version.</summary>
internal sealed record SeedCategory(string Code, string? ParentCode, string Name, CategoryKind Kind, CategoryRules Rules);
