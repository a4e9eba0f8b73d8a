using System.Text;
using Fengqiao.Cases.Classification;

namespace Fengqiao.Tests.Cases.Classification;

/// <summary>The shared labelled complaints, and temporary CSV files built from them.</summary>
internal static class LabelledData
{
    public static string TrainingFile => SharedData.PathOf("data/complaints/labelled-train.csv");

    public static IReadOnlyList<LabelledExample> All => LabelledCsv.Read(TrainingFile).Examples;

    /// <summary>A stratified split: one fold of five for testing, the rest for training.</summary>
    public static (IReadOnlyList<LabelledExample> Train, IReadOnlyList<LabelledExample> Test) Split()
    {
        var all = All;
        var folds = ClassifierTraining.StratifiedFolds(all, 5);
        return ([.. all.Where((_, i) => folds[i] != 0)], [.. all.Where((_, i) => folds[i] == 0)]);
    }

    /// <summary>Writes examples as a CSV with the shared file's columns (id,title,reported_at,text,category), every field quoted.</summary>
    public static string Write(string directory, string name, IEnumerable<LabelledExample> examples, Encoding? encoding = null)
    {
        var builder = new StringBuilder("id,title,reported_at,text,category\r\n");
        var id = 1;
        foreach (var e in examples)
        {
            builder.Append(id++).Append(',').Append(Quote(e.Title)).Append(",2020/1/1 9:00:00,").Append(Quote(e.Text)).Append(',').Append(Quote(e.Label)).Append("\r\n");
        }

        var path = Path.Combine(directory, name);
        File.WriteAllText(path, builder.ToString(), encoding ?? new UTF8Encoding(false));
        return path;
    }

    private static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
