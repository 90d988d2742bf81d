using System;
using System.Linq;
using System.Text;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Weights;

namespace DnSoc.Dsl.Tests.Weights;

public class WeightsParserFuzzTests
{
    private static readonly string[] Pieces =
    {
        "snn-weights", "tensor", "scale", "text", "base64", "i8", "i16", "i32", "f32", "[", "]", ",", "#", "=", "\n", "\r\n",
        " ", "\t", "-", "+", ".", "e", "0", "1", "127", "128", "-129", "2147483648", "1e999", "NaN", "Infinity", "AAAA",
        "AQ==", "////", "\uFEFF", "\u00A0", "é", "\0",
    };

    private static readonly string[] Seeds =
    {
        "snn-weights 1\n# c\ntensor a i8 [2, 3] text\n 1 2 3\n -4 5 -6\ntensor b f32 [2] scale 0.5 text\n 0.25 -1e3\n",
        WeightsFileWriter.Write(new[]
        {
            new WeightsTensor("w", WeightElementType.I16, new EquatableArray<int>(new[] { 20, 15 }), new EquatableArray<double>(Enumerable.Range(0, 300).Select(i => (double)(i * 97 % 601 - 300)))),
            new WeightsTensor("f", WeightElementType.F32, new EquatableArray<int>(new[] { 3 }), new EquatableArray<double>(new[] { 0.5, -2.0, 1e-3f }), 0.125),
            new WeightsTensor("g", WeightElementType.F32, new EquatableArray<int>(new[] { 2, 2 }), new EquatableArray<double>(new[] { 0.5, -2.0, 3.0, 1e30f })),
        }, WeightsEncoding.Base64),
    };

    [Fact]
    public void No_text_makes_the_parser_throw_or_return_an_invalid_tensor()
    {
        var random = new Random(20240611);
        for (var iteration = 0; iteration < 4000; iteration++)
        {
            var text = iteration % 4 == 0 ? RandomText(random) : Mutate(random, Seeds[random.Next(Seeds.Length)]);
            var (document, diagnostics) = WeightsTestSupport.Parse(text);

            foreach (var tensor in document.Tensors)
            {
                Assert.True(tensor.Shape.Aggregate(1L, (p, d) => p * d) == tensor.Values.Count, text);
                Assert.All(tensor.Values, v => Assert.True(!double.IsNaN(v) && !double.IsInfinity(v), text));
                if (tensor.ElementType != WeightElementType.F32)
                {
                    Assert.All(tensor.Values, v => Assert.True(v == Math.Floor(v) && v >= tensor.ElementType.MinValue() && v <= tensor.ElementType.MaxValue(), text));
                }
            }

            Assert.All(diagnostics, d => Assert.True(d.Location.Span.End <= text.Length, text));
            Assert.True(document.Tensors.Count > 0 || diagnostics.Length > 0 || document.Version == WeightsFormat.Version, text);
        }
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 200);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(3) == 0 ? (char)random.Next(0, 0x3000) : Pieces[random.Next(Pieces.Length)][0]);
        }

        return builder.ToString();
    }

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        var edits = random.Next(1, 6);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(4))
            {
                case 0:
                    builder.Insert(at, Pieces[random.Next(Pieces.Length)]);
                    break;
                case 1:
                    builder.Remove(Math.Min(at, builder.Length), Math.Min(random.Next(1, 12), builder.Length - Math.Min(at, builder.Length)));
                    break;
                case 2 when at < builder.Length:
                    builder[at] = Pieces[random.Next(Pieces.Length)][0];
                    break;
                default:
                    var lines = builder.ToString().Split('\n');
                    var line = lines[random.Next(lines.Length)];
                    builder.Insert(at, line + "\n");
                    break;
            }
        }

        return builder.ToString();
    }
}
