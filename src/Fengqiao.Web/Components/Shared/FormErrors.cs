using Fengqiao.Kernel.Errors;
using Microsoft.Extensions.Localization;

namespace Fengqiao.Web.Components.Shared;

/// <summary>
/// The messages of a refused form: a handler's field errors (the same as the problem details' "errors" of the API)
/// shown next to their fields, and everything else — a conflict, a broken rule, a field the form does not show — in
/// one message above the button. Business rules can be placed beside a field by the rule's name.
/// </summary>
internal sealed class FormErrors
{
    private readonly Dictionary<string, string> _fields = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The message not tied to a shown field, if any.</summary>
    public string? General { get; private set; }

    /// <summary>The broken rule's name (e.g. OneCommitteeAndOneWorkstationPerCommunity), for explanations beside the message.</summary>
    public string? Rule { get; private set; }

    public bool Any => General is not null || _fields.Count > 0;

    /// <summary>The message for a field, or null.</summary>
    public string? this[string field] => _fields.GetValueOrDefault(field);

    public bool Has(string field) => _fields.ContainsKey(field);

    public void Clear()
    {
        _fields.Clear();
        General = null;
        Rule = null;
    }

    /// <param name="exception">What the handler threw.</param>
    /// <param name="localizer">For the generic messages of unexpected failures.</param>
    /// <param name="shown">The fields the form shows, by the handler's names (e.g. "street", "creditCode").</param>
    /// <param name="ruleFields">Rule name → field, for rules that are about one field.</param>
    public void Set(Exception exception, IStringLocalizer localizer, IReadOnlyCollection<string> shown, IReadOnlyDictionary<string, string>? ruleFields = null)
    {
        Clear();
        switch (exception)
        {
            case ValidationFailedException validation:
                var rest = new List<string>();
                foreach (var (field, messages) in validation.Errors)
                {
                    var text = string.Join(" ", messages);
                    if (shown.Contains(field, StringComparer.OrdinalIgnoreCase))
                    {
                        _fields[field] = text;
                    }
                    else
                    {
                        rest.Add(text);
                    }
                }

                General = rest.Count == 0 ? null : string.Join(" ", rest);
                break;
            case BusinessRuleViolationException broken:
                Rule = broken.Code;
                if (ruleFields?.GetValueOrDefault(broken.Code) is { } ruleField)
                {
                    _fields[ruleField] = broken.Message;
                }
                else
                {
                    General = broken.Message;
                }

                break;
            default:
                General = UiErrors.Describe(exception, localizer);
                break;
        }
    }
}
