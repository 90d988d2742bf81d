using System;
using System.Linq;
using CsCheck;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Weights;

namespace DnSoc.Dsl.Tests.Weights;

public class WeightsRoundTripTests
{
    private static readonly Gen<WeightsEncoding?> Encodings =
        Gen.OneOfConst<WeightsEncoding?>(null, WeightsEncoding.Text, WeightsEncoding.Base64);

    private static Gen<double> Values(WeightElementType type) => type switch
    {
        WeightElementType.I8 => Gen.Int[-128, 127].Select(v => (double)v),
        WeightElementType.I16 => Gen.Int[short.MinValue, short.MaxValue].Select(v => (double)v),
        WeightElementType.I32 => Gen.Int.Select(v => (double)v),

        // Any bit pattern, so denormals, -0 and extremes all occur; non-finite ones are not weights.
        _ => Gen.Int.Select(bits => BitConverter.Int32BitsToSingle(bits)).Select(f => float.IsFinite(f) ? (double)f : 0.0),
    };

    private static readonly Gen<WeightsTensor> Tensors =
        from type in Gen.Enum<WeightElementType>()
        from shape in Gen.Int[1, 4].SelectMany(rank => Gen.Int[1, 9].Array[rank])
        from values in Values(type).Array[shape.Aggregate(1, (p, d) => p * d)]
        from scale in type == WeightElementType.F32 ? Gen.OneOfConst(1.0, 0.125, 0.3, 1e-6) : Gen.Const(1.0)
        select new WeightsTensor("t", type, new EquatableArray<int>(shape), new EquatableArray<double>(values), scale);

    private static readonly Gen<WeightsTensor[]> Documents =
        from count in Gen.Int[0, 3]
        from tensors in Tensors.Array[count]
        select tensors.Select((t, i) => t with { Name = $"layer{i}.w_{i}-x" }).ToArray();

    [Fact]
    public void Written_files_parse_back_to_the_same_tensors() =>
        Gen.Select(Documents, Encodings).Sample((tensors, encoding) =>
        {
            var text = WeightsFileWriter.Write(tensors, encoding);
            var (document, diagnostics) = WeightsTestSupport.Parse(text);

            Assert.Empty(diagnostics);
            Assert.Equal(WeightsFormat.Version, document.Version);
            Assert.Equal(tensors, document.Tensors.Select(t => t with { Location = null }));
        }, iter: 300);

    [Fact]
    public void Text_f32_values_keep_double_precision() =>
        Gen.Double.Where(d => !double.IsNaN(d) && !double.IsInfinity(d)).Array[1, 20].Sample(values =>
        {
            var tensor = new WeightsTensor("t", WeightElementType.F32, new EquatableArray<int>(new[] { values.Length }), new EquatableArray<double>(values));
            var (document, diagnostics) = WeightsTestSupport.Parse(WeightsFileWriter.Write(new[] { tensor }, WeightsEncoding.Text));

            Assert.Empty(diagnostics);
            Assert.Equal(values, document.Find("t")!.Values);
        }, iter: 300);

    [Fact]
    public void Encoding_is_chosen_by_size_unless_given()
    {
        WeightsTensor Of(int count) => new("t", WeightElementType.I8, new EquatableArray<int>(new[] { count }), new EquatableArray<double>(new double[count]));

        Assert.Contains(" text\n", WeightsFileWriter.Write(new[] { Of(WeightsFileWriter.TextThreshold) }));
        Assert.Contains(" base64\n", WeightsFileWriter.Write(new[] { Of(WeightsFileWriter.TextThreshold + 1) }));
        Assert.Contains(" text\n", WeightsFileWriter.Write(new[] { Of(1000) }, WeightsEncoding.Text));
    }

    [Fact]
    public void Small_tensors_are_written_as_a_readable_grid()
    {
        var tensor = new WeightsTensor("hidden", WeightElementType.I8, new EquatableArray<int>(new[] { 2, 3 }),
            new EquatableArray<double>(new double[] { 12, -3, 0, 5, 100, -128 }));

        Assert.Equal(
            "snn-weights 1\n\ntensor hidden i8 [2, 3] text\n    12   -3    0\n     5  100 -128\n",
            WeightsFileWriter.Write(new[] { tensor }));
    }

    [Fact]
    public void Parsed_tensors_point_at_their_header_line()
    {
        var (document, _) = WeightsTestSupport.Parse("snn-weights 1\n# two tensors\ntensor a i8 [1] text\n 1\n  tensor b f32 [1] scale 0.5 text # c\n 2.5\n");

        Assert.Equal(2, document.Find("a")!.Location!.Start.Line);
        var b = document.Find("b")!;
        Assert.Equal((4, 2), (b.Location!.Start.Line, b.Location.Start.Column));
        Assert.Equal(2 + "tensor b f32 [1] scale 0.5 text".Length, b.Location.End.Column);
        Assert.Equal(0.5, b.Scale);
        Assert.Null(document.Find("A"));
    }

    [Theory]
    [InlineData("bad name", WeightElementType.I8, 1.0, 1.0)]
    [InlineData("t", WeightElementType.I8, 1.0, 128.0)]
    [InlineData("t", WeightElementType.I16, 1.0, 0.5)]
    [InlineData("t", WeightElementType.I32, 0.5, 1.0)]
    [InlineData("t", WeightElementType.F32, 0.0, 1.0)]
    [InlineData("t", WeightElementType.F32, 1.0, double.NaN)]
    [InlineData("t", WeightElementType.F32, 1.0, 0.1)] // not a float, and base64 is forced below
    public void Writer_rejects_tensors_it_cannot_write_exactly(string name, WeightElementType type, double scale, double value)
    {
        var tensor = new WeightsTensor(name, type, new EquatableArray<int>(new[] { 1 }), new EquatableArray<double>(new[] { value }), scale);

        Assert.Throws<ArgumentException>(() => WeightsFileWriter.Write(new[] { tensor }, WeightsEncoding.Base64));
    }

    [Fact]
    public void Writer_rejects_shape_mismatch_and_repeated_names()
    {
        var tensor = new WeightsTensor("t", WeightElementType.I8, new EquatableArray<int>(new[] { 2 }), new EquatableArray<double>(new[] { 1.0, 2.0 }));

        Assert.Throws<ArgumentException>(() => WeightsFileWriter.Write(new[] { tensor with { Shape = new EquatableArray<int>(new[] { 3 }) } }));
        Assert.Throws<ArgumentException>(() => WeightsFileWriter.Write(new[] { tensor, tensor }));
    }
}
