using System.Globalization;
using Fengqiao.Cases.Categories;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Public;
using Fengqiao.Kernel.Data;
using Fengqiao.Kernel.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;

namespace Fengqiao.Cases.Open311;

/// <summary>
/// Open311 GeoReport v2 over the events module: services are the public categories (their intake questions are the
/// service attributes), a POSTed request goes through the same intake as every other channel, and reads show only
/// what the public page shows — public cases, masked text, coarsened locations at private homes, no personal data.
/// A request's id is its tracking code: unguessable, so knowing it is enough to follow that one request.
/// </summary>
public sealed class GeoReport(FengqiaoDbContext db, CategoryCatalog catalog, ReportCase intake, ManageApiClients clients, TimeProvider time)
{
    public const int MaxResults = 1000;
    public const int MaxRangeDays = 90;
    public const int MaxFieldLength = 200;

    // ----- services -----

    internal async Task<O311List> ServicesAsync(CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        var services = new List<object?>();
        foreach (var category in Offered(snapshot))
        {
            var version = snapshot.CurrentVersionOf(category)!;
            services.Add(O311Object.Of(
                ("service_code", category.Code),
                ("service_name", category.Name),
                ("description", version.FilingCondition ?? snapshot.PathName(category)),
                ("metadata", version.Questions.Count > 0),
                ("type", "realtime"),
                ("keywords", string.Join(",", snapshot.PathName(category).Split(" / "))),
                ("group", Top(snapshot, category).Name)));
        }

        return new O311List("service", services);
    }

    internal async Task<O311Object> ServiceDefinitionAsync(string code, CancellationToken ct)
    {
        var snapshot = await catalog.GetAsync(ct);
        var (_, version) = OfferedService(snapshot, code);
        var attributes = version.Questions.OrderBy(q => q.Order).Select(q => (object?)O311Object.Of([
            ("variable", true),
            ("code", q.Code),
            ("datatype", DataType(q.Type)),
            ("required", q.Required),
            ("datatype_description", DataTypeDescription(q.Type)),
            ("order", q.Order),
            ("description", q.Label),
            .. q.Type is QuestionType.SingleValueList or QuestionType.MultiValueList
                ? [("values", new O311List("value", [.. (q.Options ?? []).Select(o => (object?)O311Object.Of(("key", o.Key), ("name", o.Name)))]))]
                : Array.Empty<(string, object?)>(),
        ])).ToList();
        return O311Object.Of(("service_code", version.CategoryCode), ("attributes", new O311List("attribute", attributes)));
    }

    // ----- POST requests -----

    internal async Task<O311List> SubmitAsync(IFormValues form, CancellationToken ct)
    {
        var client = await clients.AuthenticateAsync(form.Get("api_key"), ct)
            ?? throw new ForbiddenException("api_key 缺失或无效，不能提交请求（请向平台管理员申请接入密钥）。");

        var serviceCode = form.Get("service_code");
        if (string.IsNullOrWhiteSpace(serviceCode))
        {
            throw new ValidationFailedException("service_code", "缺少 service_code。");
        }

        var snapshot = await catalog.GetAsync(ct);
        var (category, version) = OfferedService(snapshot, serviceCode);

        var errors = new Dictionary<string, string[]>();
        var lat = Coordinate(form, "lat", errors);
        var lon = Coordinate(form, "long", errors);
        var address = form.Get("address_string")?.Trim();
        var addressId = form.Get("address_id")?.Trim();
        if (lat.HasValue != lon.HasValue && !errors.ContainsKey("lat") && !errors.ContainsKey("long"))
        {
            errors["lat"] = ["lat 和 long 须同时提供。"];
        }
        else if (lat is null && lon is null && errors.Count == 0)
        {
            if (string.IsNullOrEmpty(address) && string.IsNullOrEmpty(addressId))
            {
                errors["lat"] = ["须提供位置：lat 和 long，或 address_string。"];
            }
            else if (client.DefaultUnitCode is null)
            {
                errors["address_string"] = ["本接入方未设置默认社区，只有地址的请求无法分派，请同时提供 lat 和 long。"];
            }
        }

        var email = form.Get("email")?.Trim();
        if (!string.IsNullOrEmpty(email) && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal)))
        {
            errors["email"] = ["email 格式无效。"];
        }

        var mediaUrl = form.Get("media_url")?.Trim();
        if (string.IsNullOrEmpty(mediaUrl))
        {
            mediaUrl = null;
        }
        else if (mediaUrl.Length > Open311Submission.MaxMediaUrlLength || !Uri.TryCreate(mediaUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors["media_url"] = [$"media_url 须为不超过 {Open311Submission.MaxMediaUrlLength} 个字符的 http(s) 地址。"];
        }

        foreach (var field in (string[])["first_name", "last_name", "device_id", "account_id"])
        {
            if (form.Get(field) is { Length: > MaxFieldLength })
            {
                errors[field] = [$"{field} 不能超过 {MaxFieldLength} 个字符。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var answers = Attributes(form);
        var name = $"{form.Get("last_name")?.Trim()}{form.Get("first_name")?.Trim()}";
        var phone = form.Get("phone")?.Trim();
        var anonymous = name.Length == 0 && string.IsNullOrEmpty(phone);
        var request = new ReportRequest(
            null, form.Get("description"), lon, lat, string.IsNullOrEmpty(address) ? addressId : address, client.DefaultUnitCode, category.Code,
            anonymous, name.Length == 0 ? null : name, string.IsNullOrEmpty(phone) ? null : phone, false, answers.Count == 0 ? null : answers, null, null);

        // The case and its Open311 record commit together: a refused report leaves nothing behind.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var receipt = await intake.ReportAsync(request, CaseChannel.Open311, null, ct);
        db.Add(new Open311Submission(receipt.Id, client.Id, mediaUrl));
        client.MarkUsed(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);

        var notice = $"查询码 {receipt.TrackingCode}。按规定时限 {version.DisposalLimit} 内处置{(receipt.NeedsTriage ? "（需人工分拣后立案）" : "")}。";
        var accountId = form.Get("account_id")?.Trim();
        return new O311List("request", [O311Object.Of(
            ("service_request_id", receipt.TrackingCode),
            ("service_notice", notice),
            ("account_id", string.IsNullOrEmpty(accountId) ? null : accountId))]);
    }

    /// <summary>Requests are answered at once, so a token is the request's own id.</summary>
    internal async Task<O311List> TokenAsync(string token, CancellationToken ct)
    {
        var code = TrackingCodes.Normalise(token);
        if (code is null || !await db.Set<Case>().IgnoreQueryFilters().AnyAsync(c => c.TrackingCode == code && c.Channel == CaseChannel.Open311, ct))
        {
            throw new NotFoundException($"令牌 {token}");
        }

        return new O311List("request", [O311Object.Of(("service_request_id", code), ("token", code))]);
    }

    // ----- GET requests -----

    internal async Task<(O311List Requests, int Total)> RequestsAsync(RequestQuery query, CancellationToken ct)
    {
        IQueryable<Case> cases;
        var (page, size) = Paging(query.Page, query.PageSize);
        if (!string.IsNullOrWhiteSpace(query.ServiceRequestIds))
        {
            // Asked for by id: other filters are ignored (GeoReport v2), and any case whose code is known is shown.
            var codes = query.ServiceRequestIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(TrackingCodes.Normalise).OfType<string>().Distinct().Take(MaxResults).ToList();
            cases = db.Set<Case>().IgnoreQueryFilters().AsNoTracking().Where(c => codes.Contains(c.TrackingCode));
        }
        else
        {
            var (from, to) = Range(query.StartDate, query.EndDate);
            cases = PublicCases().Where(c => c.ReportedAt >= from && c.ReportedAt <= to);
            if (!string.IsNullOrWhiteSpace(query.ServiceCode))
            {
                var serviceCodes = query.ServiceCode.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
                cases = cases.Where(c => c.CategoryCode != null && serviceCodes.Contains(c.CategoryCode));
            }

            cases = query.Status?.Trim().ToLowerInvariant() switch
            {
                null or "" => cases,
                Open311Statuses.Open => cases.Where(c => c.Status != CaseStatus.Closed && c.Status != CaseStatus.Rejected),
                Open311Statuses.Closed => cases.Where(c => c.Status == CaseStatus.Closed || c.Status == CaseStatus.Rejected),
                _ => throw new ValidationFailedException("status", "status 须为 open 或 closed。"),
            };
        }

        var total = await cases.CountAsync(ct);
        var rows = await cases.OrderByDescending(c => c.ReportedAt).ThenBy(c => c.TrackingCode).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return (new O311List("request", [.. await DescribeAsync(rows, ct)]), total);
    }

    internal async Task<O311List> RequestAsync(string id, CancellationToken ct)
    {
        var code = TrackingCodes.Normalise(id) ?? throw new NotFoundException($"请求 {id}");
        var found = await db.Set<Case>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(c => c.TrackingCode == code, ct)
            ?? throw new NotFoundException($"请求 {id}");
        return new O311List("request", [.. await DescribeAsync([found], ct)]);
    }

    // ----- servicerequestupdates -----

    internal async Task<(O311List Updates, int Total)> UpdatesAsync(RequestQuery query, CancellationToken ct)
    {
        var (page, size) = Paging(query.Page, query.PageSize);
        IQueryable<Case> cases;
        if (!string.IsNullOrWhiteSpace(query.ServiceRequestIds))
        {
            var codes = query.ServiceRequestIds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(TrackingCodes.Normalise).OfType<string>().Distinct().Take(MaxResults).ToList();
            cases = db.Set<Case>().IgnoreQueryFilters().AsNoTracking().Where(c => codes.Contains(c.TrackingCode));
        }
        else
        {
            cases = PublicCases();
        }

        var (since, until) = Range(query.StartDate, query.EndDate);

        // Timeline entries carry no jurisdiction filter; lifting the filters here lifts the cases' filter only, and the
        // cases are restricted above to public ones or to the codes asked for.
        var updates = from a in db.Set<CaseAction>().AsNoTracking()
                      join c in cases on a.CaseId equals c.Id
                      where a.PublicNote != null && a.At >= since && a.At <= until
                      select new { a.Id, a.Kind, a.At, a.PublicNote, a.StatusAfter, a.Sequence, c.TrackingCode, c.RejectionReason };
        var total = await updates.CountAsync(ct);
        var rows = await updates.OrderBy(u => u.At).ThenBy(u => u.TrackingCode).ThenBy(u => u.Sequence).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return (new O311List("request_update", [.. rows.Select(u => (object?)O311Object.Of(
            ("update_id", u.Id.ToString()),
            ("service_request_id", u.TrackingCode),
            ("status", Open311Statuses.Extended(u.StatusAfter, u.Kind, u.RejectionReason)),
            ("updated_datetime", u.At),
            ("description", u.PublicNote),
            ("media_url", null)))]), total);
    }

    // ----- helpers -----

    private IQueryable<Case> PublicCases() =>
        // Lists have no jurisdiction: the cases table alone, public filed cases only (as on the public page).
        db.Set<Case>().IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.IsPublic && !c.HasSensitiveContent && c.Status != CaseStatus.Reported && c.Status != CaseStatus.Rejected);

    private async Task<List<object?>> DescribeAsync(IReadOnlyList<Case> rows, CancellationToken ct)
    {
        var ids = rows.Select(c => c.Id).ToList();
        var notes = (await db.Set<CaseAction>().AsNoTracking().Where(a => ids.Contains(a.CaseId) && a.PublicNote != null)
                .Select(a => new { a.CaseId, a.Sequence, a.PublicNote }).ToListAsync(ct))
            .GroupBy(a => a.CaseId).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Sequence)!.PublicNote);
        var media = await db.Set<Open311Submission>().AsNoTracking().Where(s => ids.Contains(s.CaseId) && s.MediaUrl != null)
            .ToDictionaryAsync(s => s.CaseId, s => s.MediaUrl, ct);
        var unitCodes = rows.Select(c => c.ResolvedUnitCode ?? c.HolderUnitCode).OfType<string>().Distinct().ToList();
        var units = await db.Units.IgnoreQueryFilters().AsNoTracking().Where(u => unitCodes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        var departmentCodes = rows.Select(c => c.AssignedDepartmentCode).OfType<string>().Distinct().ToList();
        var departments = await db.Departments.IgnoreQueryFilters().AsNoTracking().Where(d => departmentCodes.Contains(d.Code)).ToDictionaryAsync(d => d.Code, d => d.Name, ct);
        var snapshot = await catalog.GetAsync(ct);

        return [.. rows.Select(c =>
        {
            var category = c.CategoryCode is { } code ? snapshot.Find(code) : null;
            var version = category is null ? null : snapshot.CurrentVersionOf(category);
            var unit = c.ResolvedUnitCode ?? c.HolderUnitCode;
            var agency = string.Join(" ", new[] { unit is null ? null : units.GetValueOrDefault(unit), c.AssignedDepartmentCode is { } d ? departments.GetValueOrDefault(d) : null }.OfType<string>());
            return (object?)O311Object.Of(
                ("service_request_id", c.TrackingCode),
                ("status", Open311Statuses.Basic(c.Status)),
                ("status_notes", notes.GetValueOrDefault(c.Id)),
                ("service_name", category?.Name),
                ("service_code", c.CategoryCode),
                ("description", c.PublicDescription),
                ("agency_responsible", agency.Length == 0 ? null : agency),
                ("service_notice", version is null ? null : $"规定处置时限 {version.DisposalLimit}。"),
                ("requested_datetime", c.ReportedAt),
                ("updated_datetime", c.UpdatedAt),
                ("expected_datetime", c.StageDueAt),
                // A private home's address is personal data: it is left out, and the point coarsened, as on the public page.
                ("address", c.IsPrivatePlace || c.Address is null ? null : TextScreening.Screen(c.Address, []).PublicText),
                ("address_id", null),
                ("zipcode", null),
                ("lat", c.Latitude is { } lat ? PublicLocation.Publish(lat, c.IsPrivatePlace) : null),
                ("long", c.Longitude is { } lon ? PublicLocation.Publish(lon, c.IsPrivatePlace) : null),
                ("media_url", media.GetValueOrDefault(c.Id)));
        })];
    }

    /// <summary>Active public categories without active subcategories: what a civic app can file under.</summary>
    private static IEnumerable<Category> Offered(CatalogSnapshot snapshot)
    {
        var parents = snapshot.Categories.Where(c => c.IsActive && c.ParentCode is not null).Select(c => c.ParentCode!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return snapshot.Categories.Where(c => c.IsActive && !parents.Contains(c.Code) && snapshot.CurrentVersionOf(c) is { IsPublic: true });
    }

    private static (Category Category, CategoryVersion Version) OfferedService(CatalogSnapshot snapshot, string code)
    {
        var category = snapshot.Find(code);
        if (category is null || !Offered(snapshot).Contains(category))
        {
            throw new NotFoundException($"服务 {code.Trim()}");
        }

        return (category, snapshot.CurrentVersionOf(category)!);
    }

    private static Category Top(CatalogSnapshot snapshot, Category category)
    {
        var top = category;
        for (var i = 0; i < 10 && top.ParentCode is { } parent && snapshot.Find(parent) is { } up; i++)
        {
            top = up;
        }

        return top;
    }

    private static string DataType(QuestionType type) => type.ToString().ToLowerInvariant();

    private static string? DataTypeDescription(QuestionType type) => type switch
    {
        QuestionType.Number => "数字",
        QuestionType.DateTime => "ISO 8601 日期时间，如 2026-11-26T14:30:00+08:00",
        QuestionType.SingleValueList => "从 values 中选一项，提交其 key",
        QuestionType.MultiValueList => "从 values 中选一项或多项，以 attribute[code][] 重复提交各项的 key",
        _ => null,
    };

    private static double? Coordinate(IFormValues form, string field, Dictionary<string, string[]> errors)
    {
        var text = form.Get(field)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)
            || (field == "lat" ? value is < -90 or > 90 : value is < -180 or > 180))
        {
            errors[field] = [field == "lat" ? "lat 须为 −90 到 90 之间的十进制度数（WGS84）。" : "long 须为 −180 到 180 之间的十进制度数（WGS84）。"];
            return null;
        }

        return value;
    }

    /// <summary>attribute[code]=value, and attribute[code][]=a&amp;attribute[code][]=b for multi-value lists.</summary>
    private static Dictionary<string, string> Attributes(IFormValues form)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in form.All)
        {
            if (!key.StartsWith("attribute[", StringComparison.Ordinal))
            {
                continue;
            }

            var code = key["attribute[".Length..];
            code = code.EndsWith("][]", StringComparison.Ordinal) ? code[..^3] : code.EndsWith(']') ? code[..^1] : code;
            if (code.Length == 0)
            {
                continue;
            }

            var joined = string.Join(",", values.OfType<string>().Select(v => v.Trim()).Where(v => v.Length > 0));
            answers[code] = answers.TryGetValue(code, out var earlier) && earlier.Length > 0 ? earlier + "," + joined : joined;
        }

        return answers;
    }

    private (DateTimeOffset From, DateTimeOffset To) Range(string? start, string? end)
    {
        var errors = new Dictionary<string, string[]>();
        var to = ParseDate(end, "end_date", errors) ?? time.GetUtcNow();
        var from = ParseDate(start, "start_date", errors) ?? to.AddDays(-MaxRangeDays);
        if (errors.Count == 0 && from > to)
        {
            errors["start_date"] = ["start_date 不能晚于 end_date。"];
        }
        else if (errors.Count == 0 && to - from > TimeSpan.FromDays(MaxRangeDays))
        {
            errors["end_date"] = [$"start_date 与 end_date 相差不能超过 {MaxRangeDays} 天。"];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return (from, to);
    }

    private static DateTimeOffset? ParseDate(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var value))
        {
            // A date without an offset is read in China time.
            return text.Contains('Z', StringComparison.OrdinalIgnoreCase) || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9
                ? value
                : new DateTimeOffset(value.DateTime, Kernel.Time.ChinaTime.Zone.GetUtcOffset(value.DateTime));
        }

        errors[field] = [$"{field} 须为 ISO 8601 日期时间，如 2026-11-01T00:00:00+08:00。"];
        return null;
    }

    private static (int Page, int Size) Paging(int? page, int? pageSize)
    {
        if (page is < 1)
        {
            throw new ValidationFailedException("page", "page 须为正整数。");
        }

        if (pageSize is < 1 or > MaxResults)
        {
            throw new ValidationFailedException("page_size", $"page_size 须在 1 到 {MaxResults} 之间。");
        }

        return (page ?? 1, pageSize ?? MaxResults);
    }
}

/// <summary>Query parameters shared by GET requests and GET servicerequestupdates.</summary>
internal sealed record RequestQuery(string? ServiceRequestIds, string? ServiceCode, string? StartDate, string? EndDate, string? Status, int? Page, int? PageSize);

/// <summary>The posted form, as the handler needs it (lets the same handler serve the endpoint and tests).</summary>
internal interface IFormValues
{
    IEnumerable<(string Key, StringValues Values)> All { get; }

    string? Get(string key);
}

/// <summary>Locations as the public page publishes them: rounded to about a metre, or to about 500 m at a private home.</summary>
internal static class PublicLocation
{
    public static double Publish(double degrees, bool privatePlace) =>
        privatePlace ? Math.Round(Math.Round(degrees / PublicCases.CoarseStep) * PublicCases.CoarseStep, 4) : Math.Round(degrees, 5);
}
