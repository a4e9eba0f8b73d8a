namespace Fengqiao.Web;

/// <summary>Anchor type for the UI strings in Resources/SharedResource*.resx (Chinese neutral, English satellite).</summary>
public sealed class SharedResource
{
}
