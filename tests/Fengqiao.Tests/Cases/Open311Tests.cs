using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Open311;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Workflow;
using Microsoft.EntityFrameworkCore;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases;

/// <summary>
/// Open311 GeoReport v2 over real HTTP: every document is checked against the specification's own examples — element
/// names, their order, value formats — in XML and in JSON, and bad input gets the specification's error list.
/// </summary>
public sealed partial class Open311Tests(CasesApp app) : IClassFixture<CasesApp>
{
    private static readonly string[] ServiceFields = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"];
    private static readonly string[] AttributeFields = ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"];
    private static readonly string[] RequestFields =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice",
        "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
    ];

    private static readonly string[] UpdateFields = ["update_id", "service_request_id", "status", "updated_datetime", "description", "media_url"];

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")]
    private static partial Regex Iso8601China();

    [Fact]
    public async Task The_service_list_offers_public_leaf_categories_with_the_spec_fields_in_order_in_xml_and_json()
    {
        using var client = app.CreateClient();
        var xmlResponse = await client.GetAsync("/open311/v2/services.xml");
        Assert.Equal(HttpStatusCode.OK, xmlResponse.StatusCode);
        Assert.Equal("text/xml", xmlResponse.Content.Headers.ContentType?.MediaType);
        var xml = XDocument.Parse(await xmlResponse.Content.ReadAsStringAsync());
        Assert.Equal("services", xml.Root!.Name.LocalName);
        Assert.All(xml.Root.Elements(), s => Assert.Equal("service", s.Name.LocalName));
        Assert.All(xml.Root.Elements(), s => Assert.Equal(ServiceFields, s.Elements().Select(e => e.Name.LocalName)));

        var rubbish = xml.Root.Elements().Single(s => s.Element("service_code")!.Value == "E0102");
        Assert.Equal("暴露垃圾", rubbish.Element("service_name")!.Value);
        Assert.Equal("垃圾暴露堆放，面积 0.5 平方米以上", rubbish.Element("description")!.Value);
        Assert.Equal("false", rubbish.Element("metadata")!.Value);
        Assert.Equal("realtime", rubbish.Element("type")!.Value);
        Assert.Equal("市容环境,暴露垃圾", rubbish.Element("keywords")!.Value);
        Assert.Equal("市容环境", rubbish.Element("group")!.Value);
        var gas = xml.Root.Elements().Single(s => s.Element("service_code")!.Value == "E0403");
        Assert.Equal("true", gas.Element("metadata")!.Value);

        var codes = xml.Root.Elements().Select(s => s.Element("service_code")!.Value).ToList();
        Assert.DoesNotContain("E01", codes);    // a class with subclasses: its subclasses are the services
        Assert.DoesNotContain("S0101", codes);  // 邻里纠纷 is not public: no third-party channel for it
        Assert.DoesNotContain("S05", codes);    // 特殊人群

        var json = await JsonOf(await client.GetAsync("/open311/v2/services.json"));
        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        Assert.Equal(codes, json.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()));
        Assert.All(json.EnumerateArray(), s => Assert.Equal(ServiceFields, s.EnumerateObject().Select(p => p.Name)));
        var jsonGas = json.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "E0403");
        Assert.Equal(JsonValueKind.True, jsonGas.GetProperty("metadata").ValueKind);
        Assert.Equal("突发事件", jsonGas.GetProperty("group").GetString());
    }

    [Fact]
    public async Task A_service_definition_lists_the_category_questions_as_attributes_with_their_values()
    {
        using var client = app.CreateClient();
        var xml = XDocument.Parse(await (await client.GetAsync("/open311/v2/services/E0403.xml")).Content.ReadAsStringAsync());
        Assert.Equal("service_definition", xml.Root!.Name.LocalName);
        Assert.Equal(["service_code", "attributes"], xml.Root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("E0403", xml.Root.Element("service_code")!.Value);
        var attribute = Assert.Single(xml.Root.Element("attributes")!.Elements());
        Assert.Equal("attribute", attribute.Name.LocalName);
        Assert.Equal(AttributeFields, attribute.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("true", attribute.Element("variable")!.Value);
        Assert.Equal("valve_closed", attribute.Element("code")!.Value);
        Assert.Equal("singlevaluelist", attribute.Element("datatype")!.Value);
        Assert.Equal("true", attribute.Element("required")!.Value);
        Assert.Equal("1", attribute.Element("order")!.Value);
        Assert.Equal("是否已关闭燃气总阀？", attribute.Element("description")!.Value);
        var values = attribute.Element("values")!.Elements().ToList();
        Assert.All(values, v => Assert.Equal(["key", "name"], v.Elements().Select(e => e.Name.LocalName)));
        Assert.Equal([("yes", "已关闭"), ("no", "未关闭"), ("unknown", "不清楚")], values.Select(v => (v.Element("key")!.Value, v.Element("name")!.Value)));

        var json = await JsonOf(await client.GetAsync("/open311/v2/services/E0403.json"));
        Assert.Equal("E0403", json.GetProperty("service_code").GetString());
        var jsonAttribute = Assert.Single(json.GetProperty("attributes").EnumerateArray().ToList());
        Assert.Equal(AttributeFields, jsonAttribute.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.True, jsonAttribute.GetProperty("variable").ValueKind);
        Assert.Equal(1, jsonAttribute.GetProperty("order").GetInt32());
        Assert.Equal("no", jsonAttribute.GetProperty("values")[1].GetProperty("key").GetString());

        // A category without questions has an empty attribute list.
        var plain = XDocument.Parse(await (await client.GetAsync("/open311/v2/services/E0102.xml")).Content.ReadAsStringAsync());
        Assert.Empty(plain.Root!.Element("attributes")!.Elements());
    }

    [Theory]
    [InlineData("/open311/v2/services/NOPE.xml")]
    [InlineData("/open311/v2/services/S0101.xml")]
    [InlineData("/open311/v2/requests/0000000000.xml")]
    [InlineData("/open311/v2/tokens/ZZZZZZZZZZ.xml")]
    public async Task Unknown_services_requests_and_tokens_are_404_with_the_spec_error_list(string path)
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = SingleXmlError(await response.Content.ReadAsStringAsync());
        Assert.Equal("404", error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Description));

        var json = await client.GetAsync(path.Replace(".xml", ".json", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        var item = Assert.Single((await JsonOf(json)).EnumerateArray().ToList());
        Assert.Equal(["code", "description"], item.EnumerateObject().Select(p => p.Name));
        Assert.Equal(404, item.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_post_without_a_valid_api_key_is_403_with_an_error_body_and_stores_nothing()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var client = app.CreateClient();
        var before = await Open311CaseCountAsync();
        var form = Form(("service_code", "E0201"), ("lat", Num(lat)), ("long", Num(lon)), ("description", "电线杆上贴满了办证小广告。"));

        var missing = await client.PostAsync("/open311/v2/requests.xml", new FormUrlEncodedContent(form));
        var wrong = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent([.. form, new("api_key", "not-a-real-key-at-all-0000000000")]));

        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal("403", SingleXmlError(await missing.Content.ReadAsStringAsync()).Code);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(403, (await JsonOf(wrong))[0].GetProperty("code").GetInt32());
        Assert.Equal(before, await Open311CaseCountAsync());
    }

    [Fact]
    public async Task A_posted_request_answers_as_the_spec_shows_and_appears_in_the_request_list_and_the_updates_feed()
    {
        var key = await NewKeyAsync("宜城便民通 App");
        var (lon, lat) = await PointInAsync(app, Grid);
        using var client = app.CreateClient();
        var post = await client.PostAsync("/open311/v2/requests.xml", new FormUrlEncodedContent(Form(
            ("api_key", key), ("service_code", "E0102"), ("lat", Num(lat)), ("long", Num(lon)),
            ("address_string", "宜城街道阳光花园南门"), ("description", "南门外绿化带旁堆了好几袋生活垃圾，有异味。联系我 13812345678"),
            ("first_name", "秀英"), ("last_name", "王"), ("phone", "13812345678"), ("email", "wang@example.cn"), ("account_id", "acc-42"),
            ("media_url", "https://img.example.cn/open311/rubbish.jpg"))));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var posted = XDocument.Parse(await post.Content.ReadAsStringAsync());
        Assert.Equal("service_requests", posted.Root!.Name.LocalName);
        var receipt = Assert.Single(posted.Root.Elements());
        Assert.Equal("request", receipt.Name.LocalName);
        Assert.Equal(["service_request_id", "service_notice", "account_id"], receipt.Elements().Select(e => e.Name.LocalName));
        var id = receipt.Element("service_request_id")!.Value;
        Assert.Equal(10, id.Length);
        Assert.Contains("4 工作时", receipt.Element("service_notice")!.Value, StringComparison.Ordinal);
        Assert.Equal("acc-42", receipt.Element("account_id")!.Value);

        // GET requests/{id}: every field of the spec's example, in its order, with ISO 8601 times in China time.
        var one = await JsonOf(await client.GetAsync($"/open311/v2/requests/{id}.json"));
        var request = Assert.Single(one.EnumerateArray().ToList());
        Assert.Equal(RequestFields, request.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, request.GetProperty("service_request_id").GetString());
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.Equal("暴露垃圾", request.GetProperty("service_name").GetString());
        Assert.Equal("E0102", request.GetProperty("service_code").GetString());
        var description = request.GetProperty("description").GetString()!;
        Assert.Contains("生活垃圾", description, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", description, StringComparison.Ordinal);
        Assert.Matches(Iso8601China(), request.GetProperty("requested_datetime").GetString());
        Assert.Matches(Iso8601China(), request.GetProperty("updated_datetime").GetString());
        Assert.Matches(Iso8601China(), request.GetProperty("expected_datetime").GetString());
        Assert.Equal("宜城街道阳光花园南门", request.GetProperty("address").GetString());
        Assert.Equal(Math.Round(lat, 5), request.GetProperty("lat").GetDouble());
        Assert.Equal(Math.Round(lon, 5), request.GetProperty("long").GetDouble());
        Assert.Equal("https://img.example.cn/open311/rubbish.jpg", request.GetProperty("media_url").GetString());
        Assert.False(string.IsNullOrEmpty(request.GetProperty("agency_responsible").GetString()));
        var whole = one.GetRawText();
        Assert.DoesNotContain("王秀英", whole, StringComparison.Ordinal);
        Assert.DoesNotContain("wang@example.cn", whole, StringComparison.Ordinal);

        // The same request in XML, field by field.
        var xml = XDocument.Parse(await (await client.GetAsync($"/open311/v2/requests/{id}.xml")).Content.ReadAsStringAsync());
        Assert.Equal("service_requests", xml.Root!.Name.LocalName);
        var xmlRequest = Assert.Single(xml.Root.Elements());
        Assert.Equal(RequestFields, xmlRequest.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(request.GetProperty("requested_datetime").GetString(), xmlRequest.Element("requested_datetime")!.Value);
        Assert.Equal(Math.Round(lat, 5).ToString(CultureInfo.InvariantCulture), xmlRequest.Element("lat")!.Value);

        // In the public list (auto-dispatched, public category) and in the updates feed.
        var list = await JsonOf(await client.GetAsync("/open311/v2/requests.json?service_code=E0102&status=open"));
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == id);
        var updates = await JsonOf(await client.GetAsync($"/open311/v2/servicerequestupdates.json?service_request_id={id}"));
        var mine = updates.EnumerateArray().ToList();
        Assert.All(mine, u => Assert.Equal(UpdateFields, u.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(["OPEN", "INVESTIGATING", "ACTION_SCHEDULED"], mine.Select(u => u.GetProperty("status").GetString()));
        Assert.All(mine, u => Assert.Matches(Iso8601China(), u.GetProperty("updated_datetime").GetString()));
        var feed = await JsonOf(await client.GetAsync("/open311/v2/servicerequestupdates.json"));
        Assert.Contains(feed.EnumerateArray(), u => u.GetProperty("service_request_id").GetString() == id);

        // Token look-up, and the client's record of who filed it.
        var token = await JsonOf(await client.GetAsync($"/open311/v2/tokens/{id}.json"));
        Assert.Equal(id, token[0].GetProperty("service_request_id").GetString());
        Assert.Equal(CaseChannel.Open311, await app.WithDbAsync(db => db.Set<Case>().Where(c => c.TrackingCode == id).Select(c => c.Channel).SingleAsync()));
    }

    [Fact]
    public async Task Bad_input_is_400_with_one_error_per_problem_and_nothing_is_stored()
    {
        var key = await NewKeyAsync("热线对接");
        var (lon, lat) = await PointInAsync(app, Grid);
        using var client = app.CreateClient();
        var before = await Open311CaseCountAsync();

        async Task<(HttpStatusCode Status, string Body)> Post(params (string, string)[] fields)
        {
            var response = await client.PostAsync("/open311/v2/requests.xml", new FormUrlEncodedContent(Form([("api_key", key), .. fields])));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var badLat = await Post(("service_code", "E0502"), ("lat", "91.5"), ("long", Num(lon)), ("description", "店家把货架摆到人行道上了。"));
        var notNumber = await Post(("service_code", "E0502"), ("lat", "北纬31度"), ("long", Num(lon)), ("description", "店家把货架摆到人行道上了。"));
        var tooLong = await Post(("service_code", "E0502"), ("lat", Num(lat)), ("long", Num(lon)), ("description", new string('占', 4001)));
        var noPlace = await Post(("service_code", "E0502"), ("description", "店家把货架摆到人行道上了。"));
        var addressOnly = await Post(("service_code", "E0502"), ("address_string", "人民路 12 号"), ("description", "店家把货架摆到人行道上了。"));
        var noService = await Post(("lat", Num(lat)), ("long", Num(lon)), ("description", "店家把货架摆到人行道上了。"));
        var badMedia = await Post(("service_code", "E0502"), ("lat", Num(lat)), ("long", Num(lon)), ("description", "店家把货架摆到人行道上了。"), ("media_url", "javascript:alert(1)"));
        var missingAnswer = await Post(("service_code", "E0403"), ("lat", Num(lat)), ("long", Num(lon)), ("description", "楼道里闻到很浓的煤气味。"));
        var unknownService = await Post(("service_code", "X9999"), ("lat", Num(lat)), ("long", Num(lon)), ("description", "店家把货架摆到人行道上了。"));

        Assert.All([badLat, notNumber, tooLong, noPlace, addressOnly, noService, badMedia, missingAnswer], r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.Equal("400", SingleXmlError(r.Body).Code);
        });
        Assert.Contains("lat", SingleXmlError(badLat.Body).Description, StringComparison.Ordinal);
        Assert.Contains("4000", SingleXmlError(tooLong.Body).Description, StringComparison.Ordinal);
        Assert.Contains("默认社区", SingleXmlError(addressOnly.Body).Description, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownService.Status);
        Assert.Equal(before, await Open311CaseCountAsync());

        var ranges = await client.GetAsync("/open311/v2/requests.json?start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-06-01T00:00:00%2B08:00");
        Assert.Equal(HttpStatusCode.BadRequest, ranges.StatusCode);
        Assert.Contains("90", (await JsonOf(ranges))[0].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/servicerequestupdates.xml?start_date=2026-01-01&end_date=2026-05-01")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/requests.xml?status=pending")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/requests.xml?start_date=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/requests.xml?page_size=5000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/services.csv")).StatusCode);
    }

    [Fact]
    public async Task Attributes_answer_the_category_questions_and_an_address_only_request_goes_to_the_clients_default_community()
    {
        var key = await NewKeyAsync("社区微信小程序", Community);
        using var client = app.CreateClient();
        var response = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(Form(
            ("api_key", key), ("service_code", "E0403"), ("address_string", "宜城街道某社区 5 幢 2 单元"), ("description", "楼道里闻到很浓的煤气味，已经通知邻居开窗。"),
            ("attribute[valve_closed]", "no"))));
        var body = await JsonOf(response);
        Assert.True(response.IsSuccessStatusCode, body.GetRawText());
        var id = body[0].GetProperty("service_request_id").GetString()!;
        Assert.Equal(JsonValueKind.Null, body[0].GetProperty("account_id").ValueKind);

        var stored = await app.WithDbAsync(db => db.Set<Case>().Where(c => c.TrackingCode == id).Select(c => new { c.CommunityCode, c.AnswersJson, c.IsAnonymous }).SingleAsync());
        Assert.Equal(Community, stored.CommunityCode);
        Assert.Contains("\"valve_closed\":\"no\"", stored.AnswersJson, StringComparison.Ordinal);
        Assert.True(stored.IsAnonymous);
    }

    [Fact]
    public async Task A_closed_case_reads_closed_and_a_rejected_duplicate_reads_DUPLICATE_in_the_updates_feed()
    {
        var key = await NewKeyAsync("12345 热线");
        var (lon, lat) = await PointInAsync(app, OtherGrid);
        using var client = app.CreateClient();
        var first = await PostIdAsync(client, key, "E0502", lat, lon, "菜市场门口的水果摊占了半条人行道，行人只能走机动车道。");
        var second = await PostIdAsync(client, key, "E0502", lat, lon, "菜市场门口水果摊占道经营，人行道被占了一半，行人走机动车道。");

        // The first goes to the grid worker and is closed after verification.
        using var grid = await app.ClientForAsync("grid2");
        var row = (await ReadAsync<CasePage>(await grid.GetAsync("/api/v1/cases?queue=Mine"))).Items.Single(c => c.TrackingCode == first);
        var accepted = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{row.Id}/accept", new { version = row.Version }));
        var disposed = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{row.Id}/request-close", new { version = accepted.Version, note = "已劝导摊主将水果摊移回店内。" }));
        using var supervisor = await app.ClientForAsync("supervisor");
        await ReadAsync<CaseStepResult>(await supervisor.PostAsJsonAsync($"/api/v1/cases/{row.Id}/verify", new { version = disposed.Version, passed = true, note = "现场核查，人行道已畅通。" }));

        // The second is held as a possible duplicate and rejected as one.
        using var street = await app.ClientForAsync("street");
        var duplicate = await ReadAsync<CaseDetail>(await street.GetAsync($"/api/v1/cases/by-code/{second}"));
        Assert.Equal(CaseStatus.Reported, duplicate.Summary.Status);
        await ReadAsync<CaseStepResult>(await street.PostAsJsonAsync($"/api/v1/cases/{duplicate.Summary.Id}/reject", new { version = duplicate.Summary.Version, reason = "Duplicate", duplicateOf = first }));

        var closed = await JsonOf(await client.GetAsync($"/open311/v2/requests/{first}.json"));
        Assert.Equal("closed", closed[0].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, closed[0].GetProperty("expected_datetime").ValueKind);
        var rejected = await JsonOf(await client.GetAsync($"/open311/v2/requests/{second}.json"));
        Assert.Equal("closed", rejected[0].GetProperty("status").GetString());
        Assert.Contains(first, rejected[0].GetProperty("status_notes").GetString(), StringComparison.Ordinal);

        var updates = XDocument.Parse(await (await client.GetAsync($"/open311/v2/servicerequestupdates.xml?service_request_id={first},{second}")).Content.ReadAsStringAsync());
        Assert.Equal("service_request_updates", updates.Root!.Name.LocalName);
        Assert.All(updates.Root.Elements(), u => Assert.Equal("request_update", u.Name.LocalName));
        Assert.All(updates.Root.Elements(), u => Assert.Equal(UpdateFields, u.Elements().Select(e => e.Name.LocalName)));
        string Last(string id) => updates.Root.Elements().Last(u => u.Element("service_request_id")!.Value == id).Element("status")!.Value;
        Assert.Equal("CLOSED", Last(first));
        Assert.Equal("DUPLICATE", Last(second));
        Assert.Contains(updates.Root.Elements(), u => u.Element("service_request_id")!.Value == first && u.Element("status")!.Value == "IN_PROGRESS");

        // A rejected report never reaches the public list; the closed one does, under status=closed.
        var closedList = await JsonOf(await client.GetAsync("/open311/v2/requests.json?status=closed&service_code=E0502"));
        Assert.Contains(closedList.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == first);
        Assert.DoesNotContain(closedList.EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == second);
    }

    [Fact]
    public async Task A_case_at_a_private_home_is_listed_without_its_address_and_with_a_coarsened_point()
    {
        var (lon, lat) = await PointInAsync(app, Grid);
        using var resident = app.CreateClient();
        var receipt = await ReadAsync<Fengqiao.Cases.Intake.ReportReceipt>(await ReportAsync(resident, new
        {
            description = "我家楼道里堆满了纸箱和旧家具，堵住了消防通道。",
            longitude = lon,
            latitude = lat,
            address = "阳光花园 3 幢 1 单元 502 室",
            privatePlace = true,
            categoryCode = "S0301",
            contactName = "李建国",
            contactPhone = "13912345678",
        }));
        Assert.Equal(CaseStatus.Dispatched, receipt.Status);

        var list = await JsonOf(await resident.GetAsync("/open311/v2/requests.json?service_code=S0301"));
        var row = Assert.Single(list.EnumerateArray().ToList(), r => r.GetProperty("service_request_id").GetString() == receipt.TrackingCode);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("address").ValueKind);
        Assert.Equal(Math.Round(Math.Round(lat / 0.005) * 0.005, 4), row.GetProperty("lat").GetDouble());
        Assert.Equal(Math.Round(Math.Round(lon / 0.005) * 0.005, 4), row.GetProperty("long").GetDouble());
        Assert.DoesNotContain("李建国", row.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("502", row.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_lists_page_with_page_and_page_size_and_report_the_total()
    {
        var key = await NewKeyAsync("分页测试客户端");
        var (lon, lat) = await PointInAsync(app, Grid);
        using var client = app.CreateClient();
        string[] ids =
        [
            await PostIdAsync(client, key, "P0102", lat, lon, "小区东侧道路的路灯连续三晚不亮，夜里走路看不见。"),
            await PostIdAsync(client, key, "P0202", lat, lon, "十字路口的护栏被车撞歪了，铁片翘起来很危险。"),
            await PostIdAsync(client, key, "P0301", lat, lon, "公交站旁的垃圾箱盖子坏了，垃圾被风吹得到处都是。"),
        ];
        const string Filter = "service_code=P0102,P0202,P0301";

        var page1 = await client.GetAsync($"/open311/v2/requests.json?{Filter}&page_size=2&page=1");
        var page2 = await client.GetAsync($"/open311/v2/requests.json?{Filter}&page_size=2&page=2");
        Assert.Equal("3", page1.Headers.GetValues(Open311Endpoints.TotalHeader).Single());
        var first = (await JsonOf(page1)).EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()).ToList();
        var second = (await JsonOf(page2)).EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()).ToList();
        Assert.Equal(2, first.Count);
        Assert.Single(second);
        Assert.Equal(ids.Order(StringComparer.Ordinal), first.Concat(second).Order(StringComparer.Ordinal));

        var updates = await client.GetAsync($"/open311/v2/servicerequestupdates.json?service_request_id={string.Join(',', ids)}&page_size=4&page=2");
        Assert.True(int.Parse(updates.Headers.GetValues(Open311Endpoints.TotalHeader).Single(), CultureInfo.InvariantCulture) >= 6);
        Assert.Equal(4, (await JsonOf(updates)).GetArrayLength());
    }

    [Fact]
    public async Task The_discovery_document_names_the_v2_endpoint_and_both_formats()
    {
        using var client = app.CreateClient();
        var xml = XDocument.Parse(await (await client.GetAsync("/open311/discovery.xml")).Content.ReadAsStringAsync());
        Assert.Equal("discovery", xml.Root!.Name.LocalName);
        Assert.Equal(["changeset", "contact", "key_service", "endpoints"], xml.Root.Elements().Select(e => e.Name.LocalName));
        var endpoint = Assert.Single(xml.Root.Element("endpoints")!.Elements());
        Assert.Equal("endpoint", endpoint.Name.LocalName);
        Assert.Equal(["specification", "url", "changeset", "type", "formats"], endpoint.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint.Element("specification")!.Value);
        Assert.EndsWith("/open311/v2", endpoint.Element("url")!.Value, StringComparison.Ordinal);
        Assert.Equal("production", endpoint.Element("type")!.Value);
        Assert.Equal(["text/xml", "application/json"], endpoint.Element("formats")!.Elements("format").Select(f => f.Value));
        Assert.Matches(Iso8601China(), xml.Root.Element("changeset")!.Value);

        var json = await JsonOf(await client.GetAsync("/open311/discovery.json"));
        Assert.Equal(["text/xml", "application/json"], json.GetProperty("endpoints")[0].GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Api_clients_are_managed_by_administrators_the_key_is_shown_once_and_a_revoked_key_is_refused()
    {
        using var admin = await app.ClientForAsync("admin");
        var created = await admin.PostAsJsonAsync("/api/v1/cases/api-clients", new { name = "宜兴市民通", unitCode = Community });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await JsonOf(created);
        var key = body.GetProperty("apiKey").GetString()!;
        var id = body.GetProperty("client").GetProperty("id").GetGuid();

        var listed = await admin.GetAsync("/api/v1/cases/api-clients");
        var text = await listed.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.Contains(key[..ApiClient.PrefixLength], text, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Set<ApiClient>().SingleAsync(c => c.Id == id));
        Assert.NotEqual(key, stored.KeyHash);
        Assert.Equal(ApiClient.HashOf(key), stored.KeyHash);

        using var grid = await app.ClientForAsync("grid");
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.PostAsJsonAsync("/api/v1/cases/api-clients", new { name = "越权" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/cases/api-clients", new { name = "街道", unitCode = "320282001" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/cases/api-clients/{id}")).StatusCode);
        var (lon, lat) = await PointInAsync(app, Grid);
        using var client = app.CreateClient();
        var refused = await client.PostAsync("/open311/v2/requests.xml", new FormUrlEncodedContent(Form(
            ("api_key", key), ("service_code", "E0201"), ("lat", Num(lat)), ("long", Num(lon)), ("description", "电线杆上贴满了办证小广告。"))));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_posted_media_url_is_linked_to_the_case_for_staff_and_only_http_urls_within_the_length_cap_are_accepted()
    {
        var key = await NewKeyAsync("宜城随手拍");
        var (lon, lat) = await PointInAsync(app, Grid);
        using var client = app.CreateClient();
        async Task<HttpResponseMessage> Post(string mediaUrl, string description) => await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(Form(
            ("api_key", key), ("service_code", "E0102"), ("lat", Num(lat)), ("long", Num(lon)), ("description", description), ("media_url", mediaUrl))));

        const string picture = "https://img.example.cn/suishoupai/2026/11/垃圾堆.jpg?size=large";
        var posted = await JsonOf(await Post(picture, "宜城街道阳光花园北门垃圾桶满溢，周边散落垃圾袋。"));
        var id = posted[0].GetProperty("service_request_id").GetString()!;

        // The staff case view carries the link; the Open311 read gives it back as media_url.
        using var grid = await app.ClientForAsync("grid");
        var detail = await JsonOf(await grid.GetAsync($"/api/v1/cases/by-code/{id}"));
        var stored = detail.GetProperty("mediaUrl").GetString();
        Assert.Equal(picture, stored);
        var read = await JsonOf(await client.GetAsync($"/open311/v2/requests/{id}.json"));
        Assert.Equal(picture, read[0].GetProperty("media_url").GetString());

        // A case from another channel has no link.
        var other = await ReadAsync<Fengqiao.Cases.Intake.ReportReceipt>(await ReportAsync(
            grid, new { description = "巡查发现阳光花园南门电线杆上贴满小广告。", longitude = lon, latitude = lat, categoryCode = "E0201" }, null, "/api/v1/cases?channel=GridPatrol"));
        Assert.Equal(JsonValueKind.Null, (await JsonOf(await grid.GetAsync($"/api/v1/cases/{other.Id}"))).GetProperty("mediaUrl").ValueKind);

        // Other schemes, relative paths and over-long addresses are refused by name, and no case is made.
        var before = await Open311CaseCountAsync();
        string[] bad = ["ftp://img.example.cn/a.jpg", "data:image/png;base64,iVBORw0KGgo=", "/photos/a.jpg", "https://img.example.cn/" + new string('a', Open311Submission.MaxMediaUrlLength)];
        foreach (var url in bad)
        {
            var response = await Post(url, "宜城街道阳光花园西门垃圾堆放。");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = (await JsonOf(response))[0];
            Assert.Contains("media_url", error.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Contains("500", error.GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await Open311CaseCountAsync());
    }

    private async Task<string> NewKeyAsync(string name, string? unitCode = null)
    {
        using var admin = await app.ClientForAsync("admin");
        var created = await admin.PostAsJsonAsync("/api/v1/cases/api-clients", new { name, unitCode });
        return (await JsonOf(created)).GetProperty("apiKey").GetString()!;
    }

    private static async Task<string> PostIdAsync(HttpClient client, string key, string service, double lat, double lon, string description)
    {
        var response = await client.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(Form(
            ("api_key", key), ("service_code", service), ("lat", Num(lat)), ("long", Num(lon)), ("description", description))));
        var body = await JsonOf(response);
        Assert.True(response.IsSuccessStatusCode, body.GetRawText());
        return body[0].GetProperty("service_request_id").GetString()!;
    }

    private Task<int> Open311CaseCountAsync() => app.WithDbAsync(db => db.Set<Case>().CountAsync(c => c.Channel == CaseChannel.Open311));

    private static List<KeyValuePair<string, string>> Form(params (string Key, string Value)[] fields) => [.. fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))];

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => await JsonAsync(response);

    private static (string Code, string Description) SingleXmlError(string body)
    {
        var xml = XDocument.Parse(body);
        Assert.Equal("errors", xml.Root!.Name.LocalName);
        var error = Assert.Single(xml.Root.Elements());
        Assert.Equal("error", error.Name.LocalName);
        Assert.Equal(["code", "description"], error.Elements().Select(e => e.Name.LocalName));
        return (error.Element("code")!.Value, error.Element("description")!.Value);
    }
}
