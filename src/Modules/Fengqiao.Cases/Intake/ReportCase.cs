using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Classification;
using Fengqiao.Cases.Deadlines;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Photos;
using Fengqiao.Cases.Routing;
using Fengqiao.Kernel.Access;
using Fengqiao.Kernel.Audit;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Fengqiao.Kernel.Identity;
using Fengqiao.Kernel.Privacy;
using Fengqiao.Kernel.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Fengqiao.Cases.Intake;

/// <summary>
/// 上报: takes a report from any channel and, in one transaction with its audit entry and outbox events, stores it as a
/// case: validated, located to its grid (or the nearest community's triage when outside every grid, never lost),
/// classified, checked for duplicates, screened for personal data and sensitive words, and — when nothing needs a
/// person — filed and dispatched to the lowest tier the routing rules name.
/// </summary>
public sealed class ReportCase(
    FengqiaoDbContext db,
    ICurrentActor actor,
    IAuditTrail audit,
    IPointLocator locator,
    ICaseClassifier classifier,
    CategoryCatalog catalog,
    Router router,
    DuplicateFinder duplicates,
    CaseClock clocks,
    PersonalDataProtector protector,
    CasePhotos photos,
    IOptionsMonitor<IntakeOptions> options,
    IOptionsMonitor<ClassificationOptions> classification,
    IntakeWriter writer,
    IntakeUnits units,
    DuplicateSignatures signatures,
    RecentCaseIndex recent)
{
    public const string Action = "cases.report";
    public const string ReporterNameField = "cases.reporter_name";
    public const string ReporterPhoneField = "cases.reporter_phone";

    /// <summary>China's extent with a margin: a point outside it is a swapped or mistyped coordinate.</summary>
    private const double MinLongitude = 73, MaxLongitude = 136, MinLatitude = 3, MaxLatitude = 54;

    public Task<ReportReceipt> ReportAsync(ReportRequest request, CaseChannel channel, string? idempotencyKey, CancellationToken cancellationToken) =>
        ReportAsync(request, channel, idempotencyKey, [], cancellationToken);

    /// <summary>
    /// Reports with photos: <paramref name="newPhotos"/> were processed from a form post (already safe), the request's
    /// photo ids name pending uploads. The case and every photo commit together, or nothing does.
    /// </summary>
    public async Task<ReportReceipt> ReportAsync(ReportRequest request, CaseChannel channel, string? idempotencyKey, IReadOnlyList<ProcessedPhoto> newPhotos, CancellationToken cancellationToken)
    {
        EnsureChannelAllowed(channel);
        var intake = options.CurrentValue;
        var (title, description) = Validate(request, channel);

        string? requestHash = null;
        var caller = CallerKey();
        if (idempotencyKey is not null)
        {
            if (idempotencyKey.Length is 0 or > IdempotencyRecord.MaxKeyLength)
            {
                throw new ValidationFailedException("Idempotency-Key", $"Idempotency-Key 须为 1–{IdempotencyRecord.MaxKeyLength} 个字符。");
            }

            requestHash = Hash(request, channel);
            if (await ReplayAsync(caller, idempotencyKey, requestHash, cancellationToken) is { } replay)
            {
                return replay;
            }
        }

        // After the replay check: a retried report's photos are already attached to the case it made.
        CasePhotoKind[] kinds = channel == CaseChannel.GridPatrol ? [CasePhotoKind.Report, CasePhotoKind.Before, CasePhotoKind.After] : [CasePhotoKind.Report];
        var claimed = await photos.ClaimAsync(request.PhotoIds, request.UploadToken, kinds, newPhotos.Count, cancellationToken);

        var snapshot = await catalog.GetAsync(cancellationToken);
        var place = await PlaceOfAsync(request, cancellationToken);
        var triage = new List<string>();
        if (place.OutsideGrids)
        {
            triage.Add("outside-grids");
        }

        // Category: chosen by the reporter or the grid worker, otherwise suggested by the classifier.
        Category? category = null;
        CategorySuggestion suggestion = CategorySuggestion.None;
        if (!string.IsNullOrWhiteSpace(request.CategoryCode))
        {
            category = snapshot.Find(request.CategoryCode);
            if (category is not { IsActive: true })
            {
                throw new ValidationFailedException("categoryCode", $"没有编码为“{request.CategoryCode.Trim()}”的可用事件类别。");
            }
        }
        else
        {
            suggestion = classifier.Classify(title, description);
            var suggested = snapshot.Resolve(suggestion.Label);
            if (suggested is not null && suggestion.Confidence >= classification.CurrentValue.Threshold)
            {
                category = suggested;
            }
            else
            {
                triage.Add(suggested is null ? "unclassified" : "low-confidence");
            }
        }

        var version = category is null ? null : snapshot.CurrentVersionOf(category);
        if (category is not null && version is null)
        {
            throw new InvalidOperationException($"类别 {category.Code} 没有当前版本。");
        }

        var answers = ValidateAnswers(version, request.Answers);
        var screened = TextScreening.Screen(title + "\n" + description, intake.SensitiveWords);
        if (screened.SensitiveWords.Count > 0)
        {
            triage.Add("sensitive");
        }

        // The duplicate check compares the public texts (title and screened description), as it does for the cases
        // already stored; the signature is taken once and kept for the reports that land near this one.
        var clock = await clocks.NowAsync(cancellationToken);
        var publicDescription = TextScreening.Screen(description, []).PublicText;
        var signature = request.Longitude is null ? null : DuplicateSignatures.Of(title + " " + publicDescription);
        NearbyCase? duplicate = null;
        if (request.Longitude is { } lon && request.Latitude is { } lat && request.ResolvedOnTheSpot != true)
        {
            duplicate = await duplicates.FindAsync(lon, lat, category?.Code, signature!, clock.Now, intake, cancellationToken);
            if (duplicate is not null)
            {
                triage.Add("possible-duplicate");
            }
        }

        var anonymous = request.Anonymous == true;
        var reporter = new NewCase(
            TrackingCodes.New(), channel, title, description, publicDescription, request.Address?.Trim(),
            request.Longitude, request.Latitude, request.PrivatePlace == true, place.UnitPath, place.GridCode, place.CommunityCode,
            place.OutsideGrids, place.DistanceMetres,
            anonymous ? null : actor.UserId,
            anonymous || string.IsNullOrWhiteSpace(request.ContactName) ? null : protector.Encrypt(ReporterNameField, request.ContactName.Trim()),
            anonymous || string.IsNullOrWhiteSpace(request.ContactPhone) ? null : protector.Encrypt(ReporterPhoneField, ChinesePhoneNumber.Parse(request.ContactPhone).Value),
            anonymous, answers, version?.Priority ?? CasePriority.Normal,
            // The reporter's own category is the one to confirm when a person files the case; otherwise the classifier's.
            suggestion.Label, category?.Code ?? snapshot.Resolve(suggestion.Label)?.Code, suggestion.Confidence, triage, duplicate?.Id, screened.SensitiveWords.Count > 0);

        var who = anonymous || actor.UserId is null ? ActorStamp.Reporter(null, anonymous ? "匿名" : "上报人") : new ActorStamp(actor.UserId, actor.Name, ChannelRole(channel), (actor.UnitCodes.Count > 0 ? actor.UnitCodes[0] : null));
        var report = Case.Report(reporter, who, clock);

        if (channel == CaseChannel.GridPatrol && request.ResolvedOnTheSpot == true)
        {
            if (place.GridCode is null)
            {
                throw new ValidationFailedException("location", "该位置不在任何网格内，不能当场处置结案，请正常上报。");
            }

            var grid = new HolderTarget(UnitLevel.Grid, place.GridCode!, null);
            report.CloseOnTheSpot(version!, grid, request.DisposalNote!.Trim(), who, clock);
        }
        else if (triage.Count == 0 && version is not null && intake.AutoDispatch)
        {
            var decision = await router.DecideAsync(version, place.UnitPath, cancellationToken);
            report.File(version, ActorStamp.System, clock, "自动立案：类别和位置已确定。");
            report.Dispatch(decision.Target, decision.Basis, ActorStamp.System, clock);
        }

        if (signature is not null && report.Status is not (CaseStatus.Closed or CaseStatus.Rejected))
        {
            // Remembered before the commit: a report committed in the same batch as this one may look for it as soon as the
            // batch is durable. Should the commit fail, the entry names a case that no query will ever return.
            signatures.Remember(report.Id, signature);
        }

        var photoCount = claimed.Count + newPhotos.Count;
        List<object> rows = [report, .. report.Actions, .. report.TierSteps];
        if (idempotencyKey is not null)
        {
            rows.Add(new IdempotencyRecord(caller, idempotencyKey, requestHash!, report.Id, report.TrackingCode, clock.Now));
        }

        rows.Add(audit.Entry(Action, report.TrackingCode, report.UnitPath, $"渠道 {channel}，类别 {report.CategoryCode ?? "待分类"}，状态 {report.Status}{(photoCount > 0 ? $"，照片 {photoCount} 张" : "")}"));
        try
        {
            // Group commit: written with other concurrent reports in one transaction (IntakeWriter). Photos already
            // stored as pending uploads are updated, not inserted, so such a report goes through the context.
            if (photoCount > 0)
            {
                db.AddRange(rows);
                CasePhotos.Attach([.. claimed, .. photos.Create(newPhotos, CasePhotoKind.Report)], report.Id, report.Actions[0].Sequence);
                await writer.CommitAsync(db, cancellationToken);
            }
            else
            {
                await writer.AppendAsync(db, rows, cancellationToken);
            }
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // A concurrent retry with the same key committed first: answer as it did.
            db.ChangeTracker.Clear();
            return await ReplayAsync(caller, idempotencyKey, requestHash!, cancellationToken) ?? throw new ConflictException("同一 Idempotency-Key 的请求正在处理，请稍后重试。");
        }

        // After the commit, unlike the signature: a case proposed as a duplicate must exist. A report inside a caller's
        // transaction (Open311, import) is not committed yet and may roll back; the index's refresh brings it in.
        if (!db.HasCurrentTransaction)
        {
            recent.Add(report);
        }
        return Receipt(report, snapshot, place.GridName, duplicate?.TrackingCode, replayed: false);
    }

    private void EnsureChannelAllowed(CaseChannel channel)
    {
        var allowed = channel switch
        {
            CaseChannel.Resident => true,
            CaseChannel.GridPatrol => actor.IsInRole(Roles.GridWorker),
            CaseChannel.Hotline => actor.IsInRole(Roles.CommunityWorker) || actor.IsInRole(Roles.StreetOfficer) || actor.IsInRole(Roles.Supervisor) || actor.IsInRole(Roles.Administrator),
            CaseChannel.Informant => actor.IsInRole(Roles.Informant),
            CaseChannel.Api or CaseChannel.Import => actor.IsAuthenticated && Roles.Staff.Any(actor.IsInRole),
            CaseChannel.Open311 => true,
            _ => false,
        };
        if (!allowed)
        {
            throw new ForbiddenException($"您的角色不能通过“{channel}”渠道上报。");
        }
    }

    private static (string Title, string Description) Validate(ReportRequest request, CaseChannel channel)
    {
        var errors = new Dictionary<string, string[]>();
        var description = request.Description?.Trim() ?? "";
        if (description.Length < 5)
        {
            errors["description"] = ["请描述问题（至少 5 个字）。"];
        }
        else if (description.Length > Case.MaxDescriptionLength)
        {
            errors["description"] = [$"问题描述不能超过 {Case.MaxDescriptionLength} 个字。"];
        }

        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            title = description.Length <= 30 ? description : description[..30] + "…";
        }
        else if (title.Length > Case.MaxTitleLength)
        {
            errors["title"] = [$"标题不能超过 {Case.MaxTitleLength} 个字。"];
        }

        if (request.Address is { Length: > Case.MaxAddressLength })
        {
            errors["address"] = [$"地址不能超过 {Case.MaxAddressLength} 个字。"];
        }

        if (request.Longitude.HasValue != request.Latitude.HasValue)
        {
            errors["location"] = ["经度和纬度须同时提供。"];
        }
        else if (request.Longitude is { } lon && request.Latitude is { } lat)
        {
            static bool InChina(double x, double y) => x is >= MinLongitude and <= MaxLongitude && y is >= MinLatitude and <= MaxLatitude;
            if (!double.IsFinite(lon) || !double.IsFinite(lat))
            {
                errors["location"] = ["坐标无效。"];
            }
            else if (!InChina(lon, lat) && InChina(lat, lon))
            {
                errors["location"] = ["坐标不在中国境内，经纬度可能填反了（经度在前，纬度在后）。"];
            }
            else if (lon is < -180 or > 180 || lat is < -90 or > 90)
            {
                errors["location"] = ["坐标无效：经度须在 −180 到 180 之间，纬度须在 −90 到 90 之间。"];
            }
            else if (!InChina(lon, lat))
            {
                errors["location"] = ["坐标不在中国境内，请在地图上重新选择位置。"];
            }
        }
        else if (string.IsNullOrWhiteSpace(request.UnitCode))
        {
            errors["location"] = ["请在地图上选择位置，或选择所在社区。"];
        }

        if (request.Anonymous != true && !string.IsNullOrWhiteSpace(request.ContactPhone)
            && !ChinesePhoneNumber.TryParse(request.ContactPhone, out _, out var phoneError))
        {
            errors["contactPhone"] = [phoneError];
        }

        if (request.ContactName is { Length: > 50 })
        {
            errors["contactName"] = ["联系人姓名不能超过 50 个字。"];
        }

        if (channel == CaseChannel.Hotline && request.Anonymous != true && string.IsNullOrWhiteSpace(request.ContactPhone))
        {
            errors["contactPhone"] = ["热线工单须填写回访电话（来电人要求匿名时勾选匿名）。"];
        }

        if (channel == CaseChannel.GridPatrol)
        {
            if (string.IsNullOrWhiteSpace(request.CategoryCode))
            {
                errors["categoryCode"] = ["巡查上报须选择事件类别。"];
            }

            if (request.Longitude is null)
            {
                errors["location"] = ["巡查上报须定位。"];
            }

            if (request.ResolvedOnTheSpot == true && string.IsNullOrWhiteSpace(request.DisposalNote))
            {
                errors["disposalNote"] = ["当场处置须填写处置情况。"];
            }
        }
        else if (request.ResolvedOnTheSpot == true)
        {
            errors["resolvedOnTheSpot"] = ["只有网格员巡查上报可以当场处置。"];
        }

        if (request.Answers is { Count: > 50 })
        {
            errors["answers"] = ["补充信息过多。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return (title!, description);
    }

    private async Task<Place> PlaceOfAsync(ReportRequest request, CancellationToken cancellationToken)
    {
        if (request.Longitude is { } lon && request.Latitude is { } lat)
        {
            var located = await locator.LocateAsync(lon, lat, cancellationToken);
            if (located.GridCode is not null)
            {
                var code = located.IsInside ? located.GridCode : located.CommunityCode!;
                var path = await PathOfAsync(code, cancellationToken)
                    ?? throw new InvalidOperationException($"网格索引中的单位 {code} 不在单位树中。");
                return located.IsInside
                    ? new Place(path.Path, located.GridCode, located.GridName, located.CommunityCode!, false, null)
                    : new Place(path.Path, null, null, located.CommunityCode!, true, located.DistanceMetres);
            }

            if (string.IsNullOrWhiteSpace(request.UnitCode))
            {
                throw new ValidationFailedException("location", "平台尚未划定网格，无法按位置分派，请选择所在社区。");
            }
        }

        var unitCode = request.UnitCode!.Trim();
        var unit = await PathOfAsync(unitCode, cancellationToken);
        if (unit is not { Level: UnitLevel.Grid or UnitLevel.Community })
        {
            throw new ValidationFailedException("unitCode", $"“{unitCode}”不是有效的社区或网格编码。");
        }

        var community = UnitPaths.CodeAt(unit.Path, UnitLevel.Community)!;
        return unit.Level == UnitLevel.Grid
            ? new Place(unit.Path, unitCode, unit.Name, community, false, null)
            : new Place(unit.Path, null, null, community, request.Longitude is not null, null);
    }

    private Task<IntakeUnit?> PathOfAsync(string code, CancellationToken cancellationToken) => units.FindAsync(db, code, cancellationToken);

    private static string? ValidateAnswers(CategoryVersion? version, Dictionary<string, string>? answers)
    {
        var given = answers ?? [];
        if (version is null)
        {
            return given.Count == 0 ? null : JsonSerializer.Serialize(given);
        }

        var errors = new Dictionary<string, string[]>();
        foreach (var question in version.Questions)
        {
            given.TryGetValue(question.Code, out var value);
            if (string.IsNullOrWhiteSpace(value))
            {
                if (question.Required)
                {
                    errors[$"answers.{question.Code}"] = [$"请回答：{question.Label}"];
                }

                continue;
            }

            if (value.Length > 500)
            {
                errors[$"answers.{question.Code}"] = ["回答不能超过 500 个字。"];
            }
            else if (question.Options is { Count: > 0 } choices)
            {
                var picked = question.Type == QuestionType.MultiValueList ? value.Split(',', StringSplitOptions.TrimEntries) : [value.Trim()];
                if (picked.Any(p => choices.All(c => c.Key != p)))
                {
                    errors[$"answers.{question.Code}"] = [$"“{question.Label}”的回答须从选项中选择。"];
                }
            }
            else if (question.Type == QuestionType.Number && !double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                errors[$"answers.{question.Code}"] = [$"“{question.Label}”须填写数字。"];
            }
            else if (question.Type == QuestionType.DateTime && !DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                errors[$"answers.{question.Code}"] = [$"“{question.Label}”须填写日期时间。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var known = version.Questions.Select(q => q.Code).ToHashSet(StringComparer.Ordinal);
        var kept = given.Where(pair => known.Contains(pair.Key) && !string.IsNullOrWhiteSpace(pair.Value)).ToDictionary(pair => pair.Key, pair => pair.Value.Trim());
        return kept.Count == 0 ? null : JsonSerializer.Serialize(kept);
    }

    private async Task<ReportReceipt?> ReplayAsync(string caller, string key, string hash, CancellationToken cancellationToken)
    {
        var previous = await db.Set<IdempotencyRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.Caller == caller && r.Key == key, cancellationToken);
        if (previous is null)
        {
            return null;
        }

        if (previous.RequestHash != hash)
        {
            throw new ConflictException("该 Idempotency-Key 已用于另一份不同内容的上报；重试请使用相同内容，新上报请使用新的键。");
        }

        // The case may lie outside the caller's jurisdiction (or the caller is anonymous): read it by id only.
        var report = await db.Set<Case>().IgnoreQueryFilters().AsNoTracking().SingleAsync(c => c.Id == previous.CaseId, cancellationToken);
        var snapshot = await catalog.GetAsync(cancellationToken);
        return Receipt(report, snapshot, null, null, replayed: true);
    }

    private static ReportReceipt Receipt(Case report, CatalogSnapshot snapshot, string? gridName, string? duplicateCode, bool replayed)
    {
        var category = report.CategoryCode is null ? null : snapshot.Find(report.CategoryCode);
        return new ReportReceipt(
            report.Id, report.TrackingCode, report.Status, report.CategoryCode, category is null ? null : snapshot.PathName(category), report.Confidence,
            report.GridCode, gridName, report.CommunityCode, report.OutsideGrids, report.NeedsTriage,
            report.HolderLevel is { } level ? CaseText.Tier(level) : null, duplicateCode, replayed);
    }

    private string CallerKey() => actor.UserId is { } id ? "user:" + id : "anonymous:" + (actor.IpAddress ?? "unknown");

    private static string Hash(ReportRequest request, CaseChannel channel)
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new { channel, request });
        return Convert.ToHexString(SHA256.HashData(canonical));
    }

    private static string ChannelRole(CaseChannel channel) => channel switch
    {
        CaseChannel.GridPatrol => Roles.GridWorker,
        CaseChannel.Hotline => "hotline",
        CaseChannel.Informant => Roles.Informant,
        _ => "reporter",
    };

    private sealed record Place(string UnitPath, string? GridCode, string? GridName, string CommunityCode, bool OutsideGrids, double? DistanceMetres);
}
