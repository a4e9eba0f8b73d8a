using System.Net;
using System.Net.Http.Json;

namespace Fengqiao.Tests.Platform;

/// <summary>An RFC 9457 problem response as the API writes it, with Fengqiao's "code" and per-field "errors".</summary>
internal sealed record Problem(int Status, string Title, string? Detail, string? Code, Dictionary<string, string[]>? Errors)
{
    /// <summary>Asserts the status and the problem+json media type, and reads the problem.</summary>
    public static async Task<Problem> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Problem>();
        Assert.NotNull(problem);
        Assert.Equal((int)status, problem.Status);
        return problem;
    }
}
