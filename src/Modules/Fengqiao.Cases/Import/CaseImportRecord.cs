namespace Fengqiao.Cases.Import;

/// <summary>
/// 导入记录: the case a row with this external id (the source system's ticket number) became. The external id is
/// unique, so importing the same file again, or two people importing it at once, never makes a second case.
/// </summary>
public sealed class CaseImportRecord
{
    public const int MaxExternalIdLength = 64;

    private CaseImportRecord()
    {
        ExternalId = TrackingCode = ImportedBy = "";
    }

    public CaseImportRecord(string externalId, Guid caseId, string trackingCode, DateTimeOffset? sourceReportedAt, DateTimeOffset importedAt, string importedBy)
    {
        Id = Guid.CreateVersion7();
        ExternalId = externalId;
        CaseId = caseId;
        TrackingCode = trackingCode;
        SourceReportedAt = sourceReportedAt;
        ImportedAt = importedAt;
        ImportedBy = importedBy;
    }

    public Guid Id { get; private set; }

    public string ExternalId { get; private set; }

    public Guid CaseId { get; private set; }

    public string TrackingCode { get; private set; }

    /// <summary>
    /// When the source system received the report (the file's reported_at). The case's own clock starts at import —
    /// the working-time limits run from when Fengqiao received it — so the source time is kept here for reference.
    /// </summary>
    public DateTimeOffset? SourceReportedAt { get; private set; }

    public DateTimeOffset ImportedAt { get; private set; }

    public string ImportedBy { get; private set; }
}
