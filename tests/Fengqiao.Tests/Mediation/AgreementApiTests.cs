using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Fengqiao.Kernel.Data;
using Fengqiao.Mediation.Agreements;
using Fengqiao.Testing;
using Fengqiao.Tests.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Fengqiao.Tests.Mediation.DisputeApiTests;

namespace Fengqiao.Tests.Mediation;

/// <summary>
/// /api/v1/mediation/cases/{id}/agreement: Art. 29 content before issuing, a session that reached the agreement, stale
/// edits, signatures and effect, oral agreements, the PDF's text, obligations and reminders, and judicial confirmation
/// within 30 days of the effect (People's Mediation Law Art. 28–33).
/// </summary>
public sealed class AgreementApiTests(FengqiaoApp app) : IClassFixture<FengqiaoApp>
{
    private static int _slot;

    [Fact]
    public async Task A_complete_agreement_is_issued_printed_signed_by_all_and_then_resolves_the_case()
    {
        var client = await app.ClientForAsync("mediator");
        var dispute = await AgreedCaseAsync(client, "卞志强", "祝海燕", "车位被长期占用");
        var draft = await Created<AgreementBody>(await client.PostAsJsonAsync(Agreement(dispute), Complete(dispute, null)));

        var issued = await client.PostAsJsonAsync($"{Agreement(dispute)}/issue", new { version = draft.Version });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var pdf = await client.GetAsync($"{Agreement(dispute)}.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, await pdf.Content.ReadAsByteArrayAsync());
            var text = Normalise(await RunAsync("pdftotext", "-enc", "UTF-8", file, "-"));
            Assert.Contains("人民调解协议书", text, StringComparison.Ordinal);
            Assert.Contains("卞志强", text, StringComparison.Ordinal);
            Assert.Contains("祝海燕", text, StringComparison.Ordinal);
            Assert.Contains("腾退车位", text, StringComparison.Ordinal);
            Assert.Contains("赔偿损失", text, StringComparison.Ordinal);
            Assert.Contains("1,200.00", text, StringComparison.Ordinal);
            Assert.Contains("捺印", text, StringComparison.Ordinal);
            Assert.Contains("印章", text, StringComparison.Ordinal);
            var fonts = await RunAsync("pdffonts", file);
            var cjk = fonts.Split('\n').Single(l => l.Contains("WenQuanYi", StringComparison.OrdinalIgnoreCase));
            Assert.Matches(new Regex(@"\syes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$"), cjk); // emb sub uni: the face is embedded
        }
        finally
        {
            File.Delete(file);
        }

        var applicant = dispute.Parties.Single(p => p.Role == "Applicant").Id;
        var respondent = dispute.Parties.Single(p => p.Role == "Respondent").Id;
        await SignAsync(client, dispute, new { signer = "Party", partyId = applicant, method = "Signature" });
        await SignAsync(client, dispute, new { signer = "Party", partyId = respondent, method = "Fingerprint" });
        var beforeSeal = await SignAsync(client, dispute, new { signer = "Mediator", mediatorUserId = dispute.Mediators[0].UserId });
        var twice = await client.PostAsJsonAsync($"{Agreement(dispute)}/signatures", new { signer = "Party", partyId = applicant });
        Assert.Equal("Issued", beforeSeal.Status);
        Assert.Equal("InMediation", (await client.GetFromJsonAsync<DetailBody>($"{Url}/{dispute.Id}"))!.Status);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        var sealedBody = await SignAsync(client, dispute, new { signer = "Committee" });
        Assert.Equal("InEffect", sealedBody.Status);
        Assert.Equal(Today, sealedBody.EffectiveOn);
        Assert.Equal(Today.AddDays(30), sealedBody.Confirmation.WindowClosesOn);
        Assert.True(sealedBody.Confirmation.WindowOpen);
        Assert.Equal("Resolved", (await client.GetFromJsonAsync<DetailBody>($"{Url}/{dispute.Id}"))!.Status);

        var applied = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation", new { court = "宜兴市人民法院" });
        var confirmed = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation/decision", new { decision = "Confirmed" });
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var final = (await confirmed.Content.ReadFromJsonAsync<AgreementBody>(CaseFixtures.Json))!;
        Assert.Equal(("宜兴市人民法院", "Confirmed"), (final.Confirmation.Court, final.Confirmation.Decision));
        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Target == $"mediation-case:{dispute.Id}").Select(e => e.Action).ToListAsync());
        Assert.Contains(ManageAgreements.IssueAction, actions);
        Assert.Equal(4, actions.Count(a => a == ManageAgreements.SignAction));
        Assert.Contains(ManageAgreements.DecideAction, actions);
    }

    [Fact]
    public async Task An_incomplete_agreement_is_not_issued_and_the_refusal_names_every_missing_element()
    {
        var client = await app.ClientForAsync("mediator");
        var dispute = await AgreedCaseAsync(client, "籍广林", "庞翠英", "宅前屋后排水");
        var respondent = dispute.Parties.Single(p => p.Role == "Respondent").Id;
        var draft = await Created<AgreementBody>(await client.PostAsJsonAsync(Agreement(dispute), new
        {
            form = "Written", facts = "双方因排水沟走向发生争执。", disputedMatters = "", responsibilities = "",
            obligations = new object[]
            {
                new { partyId = respondent, content = "疏通排水沟", manner = "", isPayment = false },
                new { content = "赔偿损失", manner = "现金", dueOn = Today.AddDays(10), isPayment = true },
            },
        }));

        var issued = await client.PostAsJsonAsync($"{Agreement(dispute)}/issue", new { version = draft.Version });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, issued.StatusCode);
        var problem = await issued.Content.ReadAsStringAsync();
        Assert.Contains(nameof(AgreementIsComplete), problem);
        Assert.Contains("争议事项", problem);
        Assert.Contains("各方当事人的责任", problem);
        Assert.Contains("第 1 项义务的履行方式、履行期限", problem);
        Assert.Contains("第 2 项义务的义务人、给付金额", problem);
        Assert.Contains("第二十九条", problem);
        var after = await client.GetFromJsonAsync<AgreementBody>(Agreement(dispute), CaseFixtures.Json);
        Assert.Equal(("Draft", draft.Version), (after!.Status, after.Version));
        Assert.Equal(4, after.Missing.Count);
    }

    [Fact]
    public async Task An_agreement_is_issued_only_after_a_session_that_reached_it()
    {
        var client = await app.ClientForAsync("mediator");
        var dispute = await IntakeAsync(client, await CommunityCommitteeAsync(client), Neighbours("房国栋", "龚雪梅", "宠物狗夜间吠叫"));
        var draft = await Created<AgreementBody>(await client.PostAsJsonAsync(Agreement(dispute), Complete(dispute, null)));

        var issued = await client.PostAsJsonAsync($"{Agreement(dispute)}/issue", new { version = draft.Version });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, issued.StatusCode);
        Assert.Contains(nameof(AgreementFollowsASessionThatReachedIt), await issued.Content.ReadAsStringAsync());
        Assert.Equal("Draft", (await client.GetFromJsonAsync<AgreementBody>(Agreement(dispute), CaseFixtures.Json))!.Status);
    }

    [Fact]
    public async Task An_edit_made_on_a_stale_version_is_refused_with_409_and_changes_nothing()
    {
        var client = await app.ClientForAsync("mediator");
        var community = await app.ClientForAsync("community");
        var dispute = await AgreedCaseAsync(client, "项建明", "詹丽萍", "违章搭建遮挡");
        var draft = await Created<AgreementBody>(await client.PostAsJsonAsync(Agreement(dispute), Complete(dispute, null)));

        var first = await client.PutAsJsonAsync(Agreement(dispute), Complete(dispute, draft.Version, responsibilities: "被申请人承担主要责任。"));
        var second = await community.PutAsJsonAsync(Agreement(dispute), Complete(dispute, draft.Version, responsibilities: "双方各半。"));
        var noVersion = await community.PutAsJsonAsync(Agreement(dispute), Complete(dispute, null));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains(ManageAgreements.StaleMessage, await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
        var after = await client.GetFromJsonAsync<AgreementBody>(Agreement(dispute), CaseFixtures.Json);
        Assert.Equal("被申请人承担主要责任。", after!.Responsibilities);
        Assert.Equal(2, after.Obligations.Count);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_clear_errors_and_writes_nothing()
    {
        var client = await app.ClientForAsync("mediator");
        var dispute = await AgreedCaseAsync(client, "韩立军", "黄志伟", "院墙越界");
        var strangerParty = await Created<AgreementBody>(await client.PostAsJsonAsync(Agreement(dispute), Complete(dispute, null)));

        var foreignParty = await client.PutAsJsonAsync(Agreement(dispute), new
        {
            version = strangerParty.Version, facts = "事实", disputedMatters = "事项", responsibilities = "责任",
            obligations = new[] { new { partyId = Guid.NewGuid(), content = "拆除", manner = "自行拆除", dueOn = Today.AddDays(5), isPayment = false } },
        });
        var negative = await client.PutAsJsonAsync(Agreement(dispute), new
        {
            version = strangerParty.Version, facts = "事实", disputedMatters = "事项", responsibilities = "责任",
            obligations = new[] { new { partyId = dispute.Parties[0].Id, content = "赔偿", manner = "转账", dueOn = Today.AddDays(5), isPayment = true, amount = -5m } },
        });
        var secondDraft = await client.PostAsJsonAsync(Agreement(dispute), Complete(dispute, null));
        var signDraft = await client.PostAsJsonAsync($"{Agreement(dispute)}/signatures", new { signer = "Committee" });
        await client.PostAsJsonAsync($"{Agreement(dispute)}/issue", new { version = strangerParty.Version });
        var unknownParty = await client.PostAsJsonAsync($"{Agreement(dispute)}/signatures", new { signer = "Party", partyId = Guid.NewGuid() });
        var future = await client.PostAsJsonAsync($"{Agreement(dispute)}/signatures", new { signer = "Committee", signedOn = Today.AddDays(2) });
        var noSigner = await client.PostAsJsonAsync($"{Agreement(dispute)}/signatures", new { partyId = dispute.Parties[0].Id });
        var editIssued = await client.PutAsJsonAsync(Agreement(dispute), Complete(dispute, strangerParty.Version + 1));
        var performDraft = await client.PostAsJsonAsync($"{Agreement(dispute)}/obligations/{strangerParty.Obligations[0].Id}/performance", new { performed = true });
        var applyEarly = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation", new { court = "宜兴市人民法院" });
        var noCourt = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation", new { court = " " });

        Assert.Equal(HttpStatusCode.BadRequest, foreignParty.StatusCode);
        Assert.Contains("不是本案当事人", await foreignParty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, secondDraft.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, signDraft.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownParty.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noSigner.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, editIssued.StatusCode);
        Assert.Contains(nameof(AgreementIsStillADraft), await editIssued.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, performDraft.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, applyEarly.StatusCode);
        Assert.Contains(nameof(OnlyWrittenAgreementsInEffectAreConfirmed), await applyEarly.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, noCourt.StatusCode);
        var after = await client.GetFromJsonAsync<AgreementBody>(Agreement(dispute), CaseFixtures.Json);
        Assert.Equal(("Issued", 0), (after!.Status, after.Signatures.Count));
        Assert.Equal("腾退车位", after.Obligations[0].Content);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<MediationAgreement>().CountAsync(a => a.CaseId == dispute.Id)));
    }

    [Fact]
    public async Task An_oral_agreement_is_recorded_as_such_resolves_the_case_and_has_no_document_to_sign_or_confirm()
    {
        var client = await app.ClientForAsync("mediator");
        var dispute = await AgreedCaseAsync(client, "车文斌", "吕秀英", "晾衣滴水");
        var draft = await Created<AgreementBody>(await client.PostAsJsonAsync(Agreement(dispute), Complete(dispute, null, form: "Oral")));

        var recorded = await client.PostAsJsonAsync($"{Agreement(dispute)}/issue", new { version = draft.Version });
        var pdf = await client.GetAsync($"{Agreement(dispute)}.pdf");
        var sign = await client.PostAsJsonAsync($"{Agreement(dispute)}/signatures", new { signer = "Committee" });
        var confirm = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation", new { court = "宜兴市人民法院" });

        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var body = (await recorded.Content.ReadFromJsonAsync<AgreementBody>(CaseFixtures.Json))!;
        Assert.Equal(("Oral", "InEffect", Today), (body.Form, body.Status, body.EffectiveOn));
        Assert.Null(body.Confirmation.WindowClosesOn);
        Assert.Equal("Resolved", (await client.GetFromJsonAsync<DetailBody>($"{Url}/{dispute.Id}"))!.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pdf.StatusCode);
        Assert.Contains(nameof(OnlyIssuedWrittenAgreementsArePrinted), await pdf.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, sign.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, confirm.StatusCode);
    }

    [Fact]
    public async Task Judicial_confirmation_applied_for_after_30_days_is_refused_with_the_rule_named_and_an_invalid_agreement_is_mediated_again()
    {
        var client = await app.ClientForAsync("mediator");
        var dispute = await EffectiveAsync(client, "储建国", "邵丽娟", "树木遮光");
        await SetEffectiveOnAsync(dispute.Id, Today.AddDays(-31));

        var late = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation", new { court = "宜兴市人民法院" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        var refusal = await late.Content.ReadAsStringAsync();
        Assert.Contains(nameof(JudicialConfirmationIsAppliedForWithin30Days), refusal);
        Assert.Contains("第三十三条", refusal);

        await SetEffectiveOnAsync(dispute.Id, Today.AddDays(-30));
        var beforeEffect = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation", new { court = "宜兴市人民法院", appliedOn = Today.AddDays(-31) });
        var lastDay = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation", new { court = "宜兴市人民法院" });
        var decisionWithoutNext = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation/decision", new { decision = "Invalid" });
        var invalid = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation/decision", new { decision = "Invalid", next = "MediateAgain" });
        var again = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation/decision", new { decision = "Confirmed" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, beforeEffect.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lastDay.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, decisionWithoutNext.StatusCode);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var body = (await invalid.Content.ReadFromJsonAsync<AgreementBody>(CaseFixtures.Json))!;
        Assert.Equal(("Invalid", "Invalid", "MediateAgain"), (body.Status, body.Confirmation.Decision, body.Confirmation.Next));
        var reopened = await client.GetFromJsonAsync<DetailBody>($"{Url}/{dispute.Id}");
        Assert.Equal("InMediation", reopened!.Status);
        var second = await Created<AgreementBody>(await client.PostAsJsonAsync(Agreement(dispute), Complete(dispute, null)));
        Assert.EndsWith("-2", second.Number, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agreement_found_invalid_with_the_parties_going_to_court_refers_the_case_out()
    {
        var client = await app.ClientForAsync("mediator");
        var dispute = await EffectiveAsync(client, "裘建平", "濮秀兰", "共用楼道堆物");
        await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation", new { court = "宜兴市人民法院", appliedOn = Today });

        var decided = await client.PostAsJsonAsync($"{Agreement(dispute)}/confirmation/decision", new { decision = "Invalid", decidedOn = Today, next = "GoToCourt" });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("ReferredOut", (await client.GetFromJsonAsync<DetailBody>($"{Url}/{dispute.Id}"))!.Status);
    }

    [Fact]
    public async Task Obligations_are_tracked_and_the_mediators_are_reminded_once_of_those_due_soon_or_overdue_and_of_the_closing_window()
    {
        var client = await app.ClientForAsync("mediator");
        var dispute = await EffectiveAsync(client, "冀海涛", "缪桂芳", "空调外机噪声");
        var agreement = await client.GetFromJsonAsync<AgreementBody>(Agreement(dispute), CaseFixtures.Json);
        var (vacate, pay) = (agreement!.Obligations[0], agreement.Obligations[1]);
        await app.WithDbAsync(db => db.Set<AgreementObligation>().Where(o => o.Id == vacate.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DueOn, Today.AddDays(-1))));
        await app.WithDbAsync(db => db.Set<AgreementObligation>().Where(o => o.Id == pay.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.DueOn, Today.AddDays(2))));
        await SetEffectiveOnAsync(dispute.Id, Today.AddDays(-27));

        await SweepAsync();
        await SweepAsync();
        var mediator = dispute.Mediators[0].UserId;
        var inbox = await app.WithDbAsync(db => db.Inbox.Where(i => i.UserId == mediator && i.Link == $"/mediation/cases/{dispute.Id}/agreement").ToListAsync());
        Assert.Single(inbox, i => i.SourceKey == $"mediation-obligation:{vacate.Id:N}:overdue" && i.Title.Contains("逾期", StringComparison.Ordinal));
        Assert.Single(inbox, i => i.SourceKey == $"mediation-obligation:{pay.Id:N}:due");
        Assert.Single(inbox, i => i.SourceKey.StartsWith("mediation-confirmation-window:", StringComparison.Ordinal) && i.Body.Contains(Today.AddDays(3).ToString("yyyy-MM-dd"), StringComparison.Ordinal));
        Assert.Equal(3, inbox.Count);

        // The workbench's list: both obligations of this case, the overdue one first.
        var due = await client.GetFromJsonAsync<ObligationDuePage>("/api/v1/mediation/obligations?mine=true&pageSize=200", CaseFixtures.Json);
        var ours = due!.Items.Where(i => i.CaseId == dispute.Id).ToList();
        Assert.Equal([vacate.Id, pay.Id], ours.Select(i => i.Id));
        Assert.Equal([true, false], ours.Select(i => i.IsOverdue));
        Assert.True(due.Overdue >= 1);

        var overdueView = await client.GetFromJsonAsync<AgreementBody>(Agreement(dispute), CaseFixtures.Json);
        Assert.True(overdueView!.Obligations[0].IsOverdue);
        var performed = await client.PostAsJsonAsync($"{Agreement(dispute)}/obligations/{vacate.Id}/performance", new { performed = true, on = Today, note = "已腾退，申请人确认" });
        var notPerformed = await client.PostAsJsonAsync($"{Agreement(dispute)}/obligations/{pay.Id}/performance", new { performed = false, note = "被申请人称资金困难" });
        var noAnswer = await client.PostAsJsonAsync($"{Agreement(dispute)}/obligations/{pay.Id}/performance", new { note = "未说明" });
        Assert.Equal(HttpStatusCode.OK, performed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, notPerformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noAnswer.StatusCode);
        var after = (await notPerformed.Content.ReadFromJsonAsync<AgreementBody>(CaseFixtures.Json))!;
        Assert.Equal(("Performed", Today, "已腾退，申请人确认"), (after.Obligations[0].State, after.Obligations[0].PerformedOn, after.Obligations[0].Note));
        Assert.False(after.Obligations[0].IsOverdue);
        Assert.Equal("NotPerformed", after.Obligations[1].State);
        var dueAfter = await client.GetFromJsonAsync<ObligationDuePage>("/api/v1/mediation/obligations?mine=true&pageSize=200", CaseFixtures.Json);
        Assert.DoesNotContain(dueAfter!.Items, i => i.CaseId == dispute.Id);
    }

    [Fact]
    public async Task Outsiders_and_mediators_of_other_committees_are_refused()
    {
        var community = await app.ClientForAsync("community");
        var mediator = await app.ClientForAsync("mediator");
        var grid = await app.ClientForAsync("grid");
        var enterprise = await ConstitutedCommitteeAsync(community, "Enterprise", "宜兴市茶东紫砂工艺品有限公司人民调解委员会", "320282001001");
        var theirs = await IntakeAsync(community, enterprise, Labour("卢志明", "卢志明与公司加班费争议"));
        Assert.Equal(HttpStatusCode.Created, (await community.PostAsJsonAsync(Agreement(theirs), Complete(theirs, null))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await mediator.GetAsync(Agreement(theirs))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mediator.GetAsync($"{Agreement(theirs)}.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mediator.PutAsJsonAsync(Agreement(theirs), Complete(theirs, 1))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mediator.PostAsJsonAsync($"{Agreement(theirs)}/issue", new { version = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.GetAsync(Agreement(theirs))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await grid.PostAsJsonAsync($"{Agreement(theirs)}/signatures", new { signer = "Committee" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await community.GetAsync(Agreement(theirs))).StatusCode);
        Assert.Equal(1L, (await community.GetFromJsonAsync<AgreementBody>(Agreement(theirs), CaseFixtures.Json))!.Version);
    }

    private static DateOnly Today => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

    internal static string Agreement(DetailBody dispute) => $"{Url}/{dispute.Id}/agreement";

    /// <summary>A complete written (or oral) agreement: the respondent vacates the space and pays 1,200 yuan.</summary>
    internal static object Complete(DetailBody dispute, long? version, string form = "Written", string responsibilities = "被申请人长期占用申请人车位，应承担全部责任。") => new
    {
        version, form,
        facts = "申请人系茶东社区 3 幢住户，被申请人自 2026 年 8 月起将车辆停放在申请人名下车位。",
        disputedMatters = "车位归属及占用期间的损失赔偿。",
        responsibilities,
        obligations = new object[]
        {
            new { partyId = dispute.Parties.Single(p => p.Role == "Respondent").Id, content = "腾退车位", manner = "自行移走车辆", dueOn = Today.AddDays(7), isPayment = false },
            new { partyId = dispute.Parties.Single(p => p.Role == "Respondent").Id, content = "赔偿损失", manner = "银行转账至申请人账户", dueOn = Today.AddDays(20), isPayment = true, amount = 1200m },
        },
    };

    /// <summary>A neighbours' dispute taken in by the demo mediator, with a session recorded as 达成协议.</summary>
    internal static async Task<DetailBody> AgreedCaseAsync(HttpClient client, string applicant, string respondent, string title)
    {
        var dispute = await IntakeAsync(client, await CommunityCommitteeAsync(client), Neighbours(applicant, respondent, title));
        var day = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Date.AddDays(500 + Interlocked.Increment(ref _slot));
        var start = new DateTimeOffset(day.AddHours(9), TimeSpan.FromHours(8));
        var session = await Created<SessionApiTests.SessionBody>(await client.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions", new { startsAt = start, endsAt = start.AddHours(2), place = "茶东社区调解室" }));
        var recorded = await client.PostAsJsonAsync($"{Url}/{dispute.Id}/sessions/{session.Id}/record", new
        {
            minutes = "经调解，双方自愿达成协议，同意制作调解协议书。", outcome = "AgreementReached",
            attendance = dispute.Parties.Select(p => new { partyId = p.Id, present = true }),
        });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        return dispute;
    }

    private async Task<DetailBody> EffectiveAsync(HttpClient client, string applicant, string respondent, string title)
    {
        var dispute = await AgreedCaseAsync(client, applicant, respondent, title);
        var draft = await Created<AgreementBody>(await client.PostAsJsonAsync(Agreement(dispute), Complete(dispute, null)));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"{Agreement(dispute)}/issue", new { version = draft.Version })).StatusCode);
        foreach (var party in dispute.Parties)
        {
            await SignAsync(client, dispute, new { signer = "Party", partyId = party.Id });
        }

        await SignAsync(client, dispute, new { signer = "Mediator", mediatorUserId = dispute.Mediators[0].UserId });
        var effective = await SignAsync(client, dispute, new { signer = "Committee" });
        Assert.Equal("InEffect", effective.Status);
        return dispute;
    }

    private static async Task<AgreementBody> SignAsync(HttpClient client, DetailBody dispute, object body)
    {
        var response = await client.PostAsJsonAsync($"{Agreement(dispute)}/signatures", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AgreementBody>(CaseFixtures.Json))!;
    }

    /// <summary>Moves the agreement's effect into the past, as if it had been signed that day (the API records today's signatures).</summary>
    private Task<int> SetEffectiveOnAsync(Guid caseId, DateOnly on) =>
        app.WithDbAsync(db => db.Set<MediationAgreement>().Where(a => a.CaseId == caseId && a.Status == AgreementStatus.InEffect)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.EffectiveOn, on)));

    private Task<int> SweepAsync() => app.AsSystemAsync(sp => sp.GetRequiredService<AgreementReminders>().SweepAsync(CancellationToken.None));

    internal static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = System.Text.Encoding.UTF8 };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (is poppler-utils installed?)");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
        return output;
    }

    /// <summary>pdftotext may break a table cell over lines; the checks read the text without line breaks.</summary>
    internal static string Normalise(string text) => text.Replace("\n", "", StringComparison.Ordinal).Replace("\f", "", StringComparison.Ordinal);

    internal sealed record ObligationBody(Guid Id, int Sequence, Guid? PartyId, string? PartyName, string Content, string Manner, DateOnly? DueOn, bool IsPayment, decimal? Amount, string State, DateOnly? PerformedOn, string? Note, bool IsOverdue);

    internal sealed record SignatureBody(string Signer, Guid? PartyId, Guid? UserId, string Name, string Method, DateOnly SignedOn);

    internal sealed record ConfirmationBody(DateOnly? WindowClosesOn, bool WindowOpen, DateOnly? AppliedOn, string? Court, string? Decision, DateOnly? DecidedOn, string? Next);

    internal sealed record AgreementBody(
        Guid Id, string Number, string Form, string Status, string Facts, string DisputedMatters, string Responsibilities, List<ObligationBody> Obligations,
        List<SignatureBody> Signatures, List<string> Missing, DateOnly? IssuedOn, DateOnly? EffectiveOn, ConfirmationBody Confirmation, string CaseStatus, long Version);
}
