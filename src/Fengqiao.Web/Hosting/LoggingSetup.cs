using Serilog;
using Serilog.Formatting.Compact;

namespace Fengqiao.Web.Hosting;

internal static class LoggingSetup
{
    /// <summary>
    /// Structured logs through Serilog: readable lines in Development, one JSON object per line elsewhere so that a
    /// log shipper can index them. Also anchors the data folder to the content root.
    /// </summary>
    public static WebApplicationBuilder AddFengqiaoLogging(this WebApplicationBuilder builder)
    {
        var dataDirectory = builder.Configuration["Database:DataDirectory"] ?? "data";
        builder.Configuration["Database:DataDirectory"] = Path.GetFullPath(dataDirectory, builder.Environment.ContentRootPath);

        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Application", "Fengqiao");
            if (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"))
            {
                logger.WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                logger.WriteTo.Console(new CompactJsonFormatter());
            }
        });
        return builder;
    }
}
