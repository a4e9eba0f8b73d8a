using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fengqiao.Cases.Domain;
using Fengqiao.Cases.Intake;
using Fengqiao.Cases.Photos;
using Fengqiao.Cases.Queries;
using Fengqiao.Cases.Workflow;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using static Fengqiao.Tests.Cases.CaseFixtures;

namespace Fengqiao.Tests.Cases.Photos;

/// <summary>
/// Photos on cases over real HTTP: only real JPEG/PNG/WebP pass (by content), within byte and pixel limits checked
/// before decoding; what is stored is re-encoded without EXIF/GPS and upright; bad uploads and bad reports write
/// nothing; photos are served only within jurisdiction or by tracking code, privately cached.
/// </summary>
public sealed class CasePhotoTests(CasesApp app) : IClassFixture<CasesApp>
{
    private const string Description = "宜城街道阳光花园 3 幢楼下窨井盖破损，旁边有小孩玩耍，很危险。";

    [Fact]
    public async Task A_text_file_named_jpg_is_refused_as_not_a_photo_and_nothing_is_stored()
    {
        var before = await PhotoCountAsync();
        using var anonymous = app.CreateClient();
        var response = await UploadAsync(anonymous, "/api/v1/reports/photos", ("窨井盖.jpg", "这不是图片，只是改了扩展名的文本文件。"u8.ToArray(), "image/jpeg"));

        await AssertRefusedAsync(response, "不是照片");
        Assert.Equal(before, await PhotoCountAsync());
    }

    [Fact]
    public async Task An_iphone_heic_photo_is_refused_with_advice_to_choose_jpeg()
    {
        byte[] heic = [0, 0, 0, 0x18, .. "ftypheic"u8.ToArray(), 0, 0, 0, 0, .. "mif1heic"u8.ToArray(), .. new byte[64]];
        using var anonymous = app.CreateClient();
        var response = await UploadAsync(anonymous, "/api/v1/reports/photos", ("IMG_0001.HEIC", heic, "image/heic"));

        var text = await AssertRefusedAsync(response, "HEIC");
        Assert.Contains("JPEG", text);
    }

    [Fact]
    public async Task A_photo_over_the_byte_limit_is_refused()
    {
        var before = await PhotoCountAsync();
        var huge = new byte[(10 * 1024 * 1024) + 1];
        TestImages.Jpeg().CopyTo(huge, 0);
        using var anonymous = app.CreateClient();
        var response = await UploadAsync(anonymous, "/api/v1/reports/photos", ("大照片.jpg", huge, "image/jpeg"));

        await AssertRefusedAsync(response, "不能超过 10 MB");
        Assert.Equal(before, await PhotoCountAsync());
    }

    [Fact]
    public async Task An_image_whose_header_claims_huge_dimensions_is_refused_from_the_header_without_decoding()
    {
        // 40,000 × 40,000 pixels would take 6.4 GB to decode; the file holds 16 × 16 pixels of data, so only a check
        // of the header can produce this answer (decoding would fail as damaged, or exhaust memory).
        var bomb = TestImages.PngClaiming(40_000, 40_000);
        Assert.True(bomb.Length < 1024);
        using var anonymous = app.CreateClient();
        var response = await UploadAsync(anonymous, "/api/v1/reports/photos", ("bomb.png", bomb, "image/png"));

        var text = await AssertRefusedAsync(response, "尺寸过大");
        Assert.Contains("40000 × 40000", text);
    }

    [Fact]
    public async Task Ten_photos_are_refused_in_one_upload_and_in_one_report_and_no_case_is_made()
    {
        using var anonymous = app.CreateClient();
        var ten = Enumerable.Range(1, 10).Select(i => ($"现场{i}.jpg", TestImages.Jpeg(), "image/jpeg")).ToArray();
        await AssertRefusedAsync(await UploadAsync(anonymous, "/api/v1/reports/photos", ten), "最多上传 9 张");

        // Nine, then one more with the same upload token: the report naming all ten is refused.
        var nine = await ReadAsync<PhotoUploadResult>(await UploadAsync(anonymous, "/api/v1/reports/photos", ten[..9]));
        var token = nine.UploadToken!;
        var one = await ReadAsync<PhotoUploadResult>(await UploadAsync(anonymous, "/api/v1/reports/photos", [ten[9]], token));
        var ids = nine.Photos.Concat(one.Photos).Select(p => p.Id).ToArray();
        var description = Description + " 十张照片";
        var (lon, lat) = await PointInAsync(app, Grid);
        var response = await ReportAsync(anonymous, new { description, longitude = lon, latitude = lat, photoIds = ids, uploadToken = token });

        await AssertRefusedAsync(response, "最多上传 9 张");
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync(c => c.Description == description)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CasePhoto>().CountAsync(p => ids.Contains(p.Id) && p.CaseId != null)));
    }

    [Fact]
    public async Task Exif_and_gps_are_stripped_and_the_orientation_is_applied()
    {
        // Orientation 6: the camera was turned; the stored 200 × 100 pixels show upright as 100 × 200, red on top.
        var original = TestImages.WithExif(TestImages.Jpeg(200, 100), orientation: 6);
        Assert.True(TestImages.Contains(original, "Exif") && TestImages.Contains(original, TestImages.GpsMarker));
        using (var codec = SKCodec.Create(new MemoryStream(original)))
        {
            Assert.Equal(SKEncodedOrigin.RightTop, codec.EncodedOrigin);
        }

        var (report, photoId, client) = await ReportWithPhotoAsync(original);
        using var grid = await app.ClientForAsync("grid");
        var response = await grid.GetAsync($"/api/v1/cases/{report.Id}/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.False(TestImages.Contains(stored, "Exif"));
        Assert.False(TestImages.Contains(stored, TestImages.GpsMarker));
        Assert.DoesNotContain((byte)0xE1, TestImages.MetadataMarkers(stored));
        using var upright = SKBitmap.Decode(stored);
        Assert.Equal((100, 200), (upright.Width, upright.Height));
        AssertColour(SKColors.Red, upright.GetPixel(50, 20));
        AssertColour(SKColors.Blue, upright.GetPixel(50, 180));

        var thumbnail = await grid.GetAsync($"/api/v1/cases/{report.Id}/photos/{photoId}?thumb=true");
        Assert.Equal(HttpStatusCode.OK, thumbnail.StatusCode);
        Assert.False(TestImages.Contains(await thumbnail.Content.ReadAsByteArrayAsync(), "Exif"));
        client.Dispose();
    }

    [Fact]
    public async Task A_large_photo_is_scaled_to_the_configured_long_side()
    {
        var (report, photoId, client) = await ReportWithPhotoAsync(TestImages.Jpeg(3000, 1500));
        using var grid = await app.ClientForAsync("grid");
        var photos = await ReadAsync<List<CasePhotoView>>(await grid.GetAsync($"/api/v1/cases/{report.Id}/photos"));

        var photo = Assert.Single(photos);
        Assert.Equal(photoId, photo.Id);
        Assert.Equal((2048, 1024), (photo.Width, photo.Height));
        Assert.Equal(1, photo.ActionSequence);
        client.Dispose();
    }

    [Fact]
    public async Task A_report_naming_an_unknown_or_someone_elses_photo_creates_nothing()
    {
        using var first = app.CreateClient();
        var uploaded = await ReadAsync<PhotoUploadResult>(await UploadAsync(first, "/api/v1/reports/photos", ("现场.jpg", TestImages.Jpeg(), "image/jpeg")));
        var (lon, lat) = await PointInAsync(app, Grid);
        var description = Description + " 别人的照片";

        using var second = app.CreateClient();
        var foreign = await ReportAsync(second, new { description, longitude = lon, latitude = lat, photoIds = new[] { uploaded.Photos[0].Id }, uploadToken = "另一个人的上传凭据-0123456789" });
        var unknown = await ReportAsync(second, new { description, longitude = lon, latitude = lat, photoIds = new[] { Guid.NewGuid() } });

        await AssertRefusedAsync(foreign, "不是您上传的");
        await AssertRefusedAsync(unknown, "不存在");
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Case>().IgnoreQueryFilters().CountAsync(c => c.Description == description)));
        Assert.Null(await app.WithDbAsync(db => db.Set<CasePhoto>().Where(p => p.Id == uploaded.Photos[0].Id).Select(p => p.CaseId).SingleAsync()));
    }

    [Fact]
    public async Task A_retried_report_with_the_same_idempotency_key_does_not_duplicate_photos()
    {
        using var anonymous = app.CreateClient();
        var uploaded = await ReadAsync<PhotoUploadResult>(await UploadAsync(anonymous, "/api/v1/reports/photos",
            ("现场1.jpg", TestImages.Jpeg(), "image/jpeg"), ("现场2.png", TestImages.Png(), "image/png")));
        var (lon, lat) = await PointInAsync(app, Grid);
        var body = new { description = Description + " 重试", longitude = lon, latitude = lat, photoIds = uploaded.Photos.Select(p => p.Id).ToArray(), uploadToken = uploaded.UploadToken };
        var key = "photo-retry-" + Guid.NewGuid();

        var first = await ReadAsync<ReportReceipt>(await ReportAsync(anonymous, body, key));
        var again = await ReadAsync<ReportReceipt>(await ReportAsync(anonymous, body, key));

        Assert.True(again.Replayed);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<CasePhoto>().CountAsync(p => p.CaseId == first.Id)));
        var mine = await ReadAsync<List<CasePhotoView>>(await anonymous.GetAsync($"/api/v1/track/{first.TrackingCode}/photos"));
        Assert.Equal(2, mine.Count);
    }

    [Fact]
    public async Task Photos_are_served_within_jurisdiction_and_by_tracking_code_privately_and_never_outside()
    {
        var (report, photoId, reporter) = await ReportWithPhotoAsync(TestImages.Jpeg());

        using var grid = await app.ClientForAsync("grid");
        var inside = await grid.GetAsync($"/api/v1/cases/{report.Id}/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.True(inside.Headers.CacheControl?.Private);
        Assert.False(inside.Headers.CacheControl?.Public);

        using var grid2 = await app.ClientForAsync("grid2");
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.GetAsync($"/api/v1/cases/{report.Id}/photos/{photoId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await grid2.GetAsync($"/api/v1/cases/{report.Id}/photos")).StatusCode);

        // Without a token or sign-in: refused (401, or the web sign-in's redirect to the login page), never the image.
        using var stranger = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var refused = await stranger.GetAsync($"/api/v1/cases/{report.Id}/photos/{photoId}");
        Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Redirect });
        Assert.NotEqual("image/jpeg", refused.Content.Headers.ContentType?.MediaType);

        var byCode = await reporter.GetAsync($"/api/v1/track/{report.TrackingCode}/photos/{photoId}?thumb=true");
        Assert.Equal(HttpStatusCode.OK, byCode.StatusCode);
        Assert.Equal("image/jpeg", byCode.Content.Headers.ContentType?.MediaType);
        Assert.True(byCode.Headers.CacheControl?.Private);

        // Never on the public list.
        var publicList = await reporter.GetStringAsync("/api/v1/public/cases?pageSize=100");
        Assert.DoesNotContain(photoId.ToString(), publicList, StringComparison.OrdinalIgnoreCase);
        reporter.Dispose();
    }

    [Fact]
    public async Task Disposal_takes_before_and_after_photos_and_verification_a_site_photo_and_the_reporter_sees_only_report_and_after()
    {
        // A text unlike the other reports here, so that it is not held as a possible duplicate but dispatched to the grid.
        var (report, reportPhoto, reporter) = await ReportWithPhotoAsync(TestImages.Jpeg(), "小区东门外绿化带里有人倾倒建筑垃圾和旧沙发，堆了一大片。");
        using var grid = await app.ClientForAsync("grid");
        var row = await ReadAsync<CaseDetail>(await grid.GetAsync($"/api/v1/cases/{report.Id}"));
        var accepted = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{report.Id}/accept", new { version = row.Summary.Version }));

        var before = await StaffUploadAsync(grid, "Before");
        var after = await StaffUploadAsync(grid, "After");
        var disposed = await ReadAsync<CaseStepResult>(await grid.PostAsJsonAsync($"/api/v1/cases/{report.Id}/request-close",
            new { version = accepted.Version, note = "已更换窨井盖，现场已恢复。", photoIds = new[] { before, after } }));

        using var supervisor = await app.ClientForAsync("supervisor");
        var wrongKind = await supervisor.PostAsJsonAsync($"/api/v1/cases/{report.Id}/verify", new { version = disposed.Version, passed = true, photoIds = new[] { await StaffUploadAsync(supervisor, "After") } });
        await AssertRefusedAsync(wrongKind, "核查");
        var onSite = await StaffUploadAsync(supervisor, "Verification");
        var closed = await ReadAsync<CaseStepResult>(await supervisor.PostAsJsonAsync($"/api/v1/cases/{report.Id}/verify",
            new { version = disposed.Version, passed = true, note = "现场核查，井盖已更换。", photoIds = new[] { onSite } }));
        Assert.Equal(CaseStatus.Closed, closed.Status);

        var detail = await ReadAsync<CaseDetail>(await supervisor.GetAsync($"/api/v1/cases/{report.Id}"));
        var photos = await ReadAsync<List<CasePhotoView>>(await supervisor.GetAsync($"/api/v1/cases/{report.Id}/photos"));
        var requestClose = detail.Timeline.Single(a => a.Kind == CaseActionKinds.RequestClose).Sequence;
        var verified = detail.Timeline.Single(a => a.Kind == CaseActionKinds.VerifyPass).Sequence;
        Assert.Equal([(CasePhotoKind.Before, requestClose), (CasePhotoKind.After, requestClose)],
            photos.Where(p => p.ActionSequence == requestClose).Select(p => (p.Kind, p.ActionSequence!.Value)));
        Assert.Equal(onSite, Assert.Single(photos, p => p.ActionSequence == verified).Id);

        var seen = await ReadAsync<List<CasePhotoView>>(await reporter.GetAsync($"/api/v1/track/{report.TrackingCode}/photos"));
        Assert.Equal([reportPhoto, after], seen.Select(p => p.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync($"/api/v1/track/{report.TrackingCode}/photos/{onSite}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reporter.GetAsync($"/api/v1/track/{report.TrackingCode}/photos/{before}")).StatusCode);
        reporter.Dispose();
    }

    [Fact]
    public async Task The_periodic_sweep_deletes_expired_pending_photos_without_waiting_for_an_upload_and_keeps_live_and_attached_ones()
    {
        using var anonymous = app.CreateClient();
        var jpeg = ("现场.jpg", TestImages.Jpeg(), "image/jpeg");

        // Uploaded 25 hours ago (lifetime 24 h) and never used.
        PhotoUploadResult stale;
        app.Time.Advance(TimeSpan.FromHours(-25));
        try
        {
            stale = await ReadAsync<PhotoUploadResult>(await UploadAsync(anonymous, "/api/v1/reports/photos", jpeg));
        }
        finally
        {
            app.Time.Advance(TimeSpan.FromHours(25));
        }

        var live = await ReadAsync<PhotoUploadResult>(await UploadAsync(anonymous, "/api/v1/reports/photos", jpeg));
        var (report, attached, reporter) = await ReportWithPhotoAsync(TestImages.Jpeg(), Description + " 清理");
        reporter.Dispose();
        var staleId = stale.Photos.Single().Id;
        var liveId = live.Photos.Single().Id;
        Assert.True(await PhotoExistsAsync(staleId)); // uploads no longer delete anything

        var deleted = await app.AsSystemAsync(sp => sp.GetRequiredService<PendingPhotoSweeper>().SweepAsync(CancellationToken.None));

        Assert.True(deleted >= 1);
        Assert.False(await PhotoExistsAsync(staleId));
        Assert.True(await PhotoExistsAsync(liveId));
        Assert.True(await PhotoExistsAsync(attached));
        Assert.Equal(0, await app.AsSystemAsync(sp => sp.GetRequiredService<PendingPhotoSweeper>().SweepAsync(CancellationToken.None)));

        // The swept photo cannot be named by a report any more: the refusal says to upload again.
        var (lon, lat) = await PointInAsync(app, Grid);
        var response = await ReportAsync(anonymous, new { description = Description + " 过期照片", longitude = lon, latitude = lat, photoIds = new[] { staleId }, uploadToken = stale.UploadToken });
        await AssertRefusedAsync(response, "请重新上传");
        Assert.NotEqual(Guid.Empty, report.Id);
    }

    private Task<bool> PhotoExistsAsync(Guid id) => app.WithDbAsync(db => db.Set<CasePhoto>().AnyAsync(p => p.Id == id));

    private async Task<(ReportReceipt Report, Guid PhotoId, HttpClient Reporter)> ReportWithPhotoAsync(byte[] image, string description = Description)
    {
        var anonymous = app.CreateClient();
        var uploaded = await ReadAsync<PhotoUploadResult>(await UploadAsync(anonymous, "/api/v1/reports/photos", ("现场.jpg", image, "image/jpeg")));
        Assert.NotNull(uploaded.UploadToken);
        var (lon, lat) = await PointInAsync(app, Grid);
        var receipt = await ReadAsync<ReportReceipt>(await ReportAsync(anonymous, new
        {
            description,
            longitude = lon,
            latitude = lat,
            categoryCode = "E0102",
            photoIds = new[] { uploaded.Photos[0].Id },
            uploadToken = uploaded.UploadToken,
        }));
        return (receipt, uploaded.Photos[0].Id, anonymous);
    }

    private static async Task<Guid> StaffUploadAsync(HttpClient client, string kind)
    {
        using var content = new MultipartFormDataContent { { new StringContent(kind), "kind" } };
        var file = new ByteArrayContent(TestImages.Jpeg());
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(file, "photos", kind + ".jpg");
        var result = await ReadAsync<PhotoUploadResult>(await client.PostAsync("/api/v1/cases/photos", content));
        return Assert.Single(result.Photos).Id;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string path, params (string Name, byte[] Bytes, string Type)[] files) =>
        await UploadAsync(client, path, files, null);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string path, (string Name, byte[] Bytes, string Type)[] files, string? token)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, bytes, type) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            content.Add(file, "photos", name);
        }

        if (token is not null)
        {
            content.Add(new StringContent(token), "uploadToken");
        }

        return await client.PostAsync(path, content);
    }

    private static async Task<string> AssertRefusedAsync(HttpResponseMessage response, string expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Contains("application/problem+json", response.Content.Headers.ContentType?.ToString());
        Assert.Contains(expected, text);
        return text;
    }

    private static void AssertColour(SKColor expected, SKColor actual) =>
        Assert.True(Math.Abs(expected.Red - actual.Red) < 40 && Math.Abs(expected.Green - actual.Green) < 40 && Math.Abs(expected.Blue - actual.Blue) < 40, $"expected {expected}, got {actual}");

    private Task<int> PhotoCountAsync() => app.WithDbAsync(db => db.Set<CasePhoto>().CountAsync());
}
