using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Fengqiao.Kernel.Time;

namespace Fengqiao.Cases.Open311;

/// <summary>
/// One GeoReport v2 document as an ordered tree, written as XML or JSON from the same tree so that the two formats can
/// never disagree. Element order follows the specification's examples.
/// </summary>
internal abstract record O311Node;

/// <summary>An element with child fields in order (XML: <c>&lt;name&gt;…&lt;/name&gt;</c>; JSON: an object).</summary>
internal sealed record O311Object(IReadOnlyList<(string Name, object? Value)> Fields) : O311Node
{
    public static O311Object Of(params (string Name, object? Value)[] fields) => new(fields);
}

/// <summary>A repeated element (XML: each item as <c>&lt;ItemName&gt;</c> inside the container; JSON: an array).</summary>
internal sealed record O311List(string ItemName, IReadOnlyList<object?> Items) : O311Node;

internal enum O311Format
{
    Xml,
    Json,
}

internal static class O311Writer
{
    public static string ContentType(O311Format format) => format == O311Format.Xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";

    /// <summary>ISO 8601 with the China offset, e.g. 2026-11-26T14:30:05+08:00.</summary>
    public static string Time(DateTimeOffset instant) => ChinaTime.ToLocal(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static byte[] Write(string rootName, O311Node root, O311Format format) =>
        format == O311Format.Xml ? WriteXml(rootName, root) : WriteJson(root);

    private static byte[] WriteXml(string rootName, O311Node root)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            WriteXmlValue(xml, rootName, root);
            xml.WriteEndDocument();
        }

        return stream.ToArray();
    }

    private static void WriteXmlValue(XmlWriter xml, string name, object? value)
    {
        xml.WriteStartElement(name);
        switch (value)
        {
            case null:
                break;
            case O311Object obj:
                foreach (var (field, fieldValue) in obj.Fields)
                {
                    WriteXmlValue(xml, field, fieldValue);
                }

                break;
            case O311List list:
                foreach (var item in list.Items)
                {
                    WriteXmlValue(xml, list.ItemName, item);
                }

                break;
            default:
                xml.WriteString(Scalar(value));
                break;
        }

        xml.WriteEndElement();
    }

    private static byte[] WriteJson(O311Node root)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteJsonValue(json, root);
        }

        return stream.ToArray();
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case O311Object obj:
                json.WriteStartObject();
                foreach (var (field, fieldValue) in obj.Fields)
                {
                    json.WritePropertyName(field);
                    WriteJsonValue(json, fieldValue);
                }

                json.WriteEndObject();
                break;
            case O311List list:
                json.WriteStartArray();
                foreach (var item in list.Items)
                {
                    WriteJsonValue(json, item);
                }

                json.WriteEndArray();
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case double real:
                json.WriteNumberValue(real);
                break;
            default:
                json.WriteStringValue(Scalar(value));
                break;
        }
    }

    private static string Scalar(object value) => value switch
    {
        bool flag => flag ? "true" : "false",
        DateTimeOffset instant => Time(instant),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
