using Fengqiao.Kernel;
using Fengqiao.Cases;
using Fengqiao.Mediation;
using Fengqiao.Places;
using Fengqiao.Web.Hosting;
using Fengqiao.Web.Platform;
using Fengqiao.Web.Platform.Demo;

var builder = WebApplication.CreateBuilder(args);

builder.AddFengqiaoLogging();
builder.Services.AddFengqiaoKernel(builder.Configuration);
builder.Services.AddFengqiaoIdentity();
builder.Services.AddFengqiaoApi(builder.Configuration);
builder.Services.AddFengqiaoObservability();
builder.Services.AddFengqiaoUi();
builder.Services.AddFengqiaoPlatform();
builder.Services.AddPlaces();
builder.Services.AddCases();
builder.Services.AddMediation();
builder.Services.AddFengqiaoDemo(builder.Configuration);

var app = builder.Build();

await app.PrepareDatabaseAsync();

app.UseFengqiaoPipeline();
app.MapFengqiaoHealth();
app.MapFengqiaoApiDocs();
app.MapFengqiaoPlatformApi();
app.MapFengqiaoUi();

await app.RunAsync();

/// <summary>Entry point; public so that tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
