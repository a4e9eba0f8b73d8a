namespace Fengqiao.Web.Hosting;

/// <summary>Configuration section "Api".</summary>
internal sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Largest request body accepted anywhere unless an endpoint says otherwise (bytes).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();

    internal sealed class RateLimitOptions
    {
        /// <summary>Requests per minute per client (user, or address when anonymous) on the API.</summary>
        public int PermitsPerMinute { get; set; } = 300;

        /// <summary>Sign-in attempts per minute per address, on top of the account lockout.</summary>
        public int LoginAttemptsPerMinute { get; set; } = 20;
    }
}
