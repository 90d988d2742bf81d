using System.Linq;
using DnSoc.Dsl.Language.Weights;

namespace DnSoc.Dsl.Tests.Weights;

public class WeightsParserDiagnosticsTests
{
    private const string H = "snn-weights 1\n";

    /// <summary>'§' in a case marks where its one diagnostic must start; it is removed before parsing.</summary>
    [Theory]
    [InlineData("§", "SNN0402", "the weights file is empty")]
    [InlineData("§# only a comment\n\n", "SNN0402", "the weights file is empty")]
    [InlineData("§weights 1\ntensor a i8 [1] text\n 1", "SNN0402", "must start with the line 'snn-weights 1', but this one does not; is it a weights file?")]
    [InlineData("# header below\n  §tensor a i8 [1] text\n 1", "SNN0402", "must start with the line 'snn-weights 1'")]
    [InlineData("snn-weights§ # no version", "SNN0402", "the format version is missing")]
    [InlineData("snn-weights §one", "SNN0402", "'one' is not a format version")]
    [InlineData("snn-weights §-1", "SNN0402", "'-1' is not a format version")]
    [InlineData("snn-weights §2\ntensor a i8 [1] text\n 1", "SNN0406", "version 2 is not supported; this compiler reads version 1")]
    [InlineData("snn-weights 1 §extra", "SNN0402", "unexpected 'extra' after the version")]
    [InlineData(H + "§12 3\n4", "SNN0402", "'12' is outside any tensor")]
    [InlineData(H + "tensor§\n 1", "SNN0402", "needs a name and an element type")]
    [InlineData(H + "tensor a§ [1] text\n 1", "SNN0402", "needs a name and an element type")]
    [InlineData(H + "tensor a i8 §x [1] text\n 1", "SNN0402", "unexpected 'x'; a tensor header is")]
    [InlineData(H + "tensor §1a i8 [1] text\n 1", "SNN0402", "'1a' is not a valid tensor name")]
    [InlineData(H + "tensor a §i4 [1] text\n 1", "SNN0402", "'i4' is not an element type; use i8, i16, i32 or f32")]
    [InlineData(H + "tensor a i8§ text\n 1", "SNN0402", "tensor 'a' has no shape")]
    [InlineData(H + "tensor a i8 §[1 text\n 1", "SNN0402", "has no closing ']'")]
    [InlineData(H + "tensor a i8 [§] text\n 1", "SNN0402", "the shape of tensor 'a' is empty")]
    [InlineData(H + "tensor a i8 [1, §] text\n 1", "SNN0402", "has an empty dimension")]
    [InlineData(H + "tensor a i8 [1 §2] text\n 1 2", "SNN0402", "needs a ',' between dimensions")]
    [InlineData(H + "tensor a i8 [2, §0] text\n", "SNN0402", "'0' is not a valid dimension")]
    [InlineData(H + "tensor a i8 [§x] text\n", "SNN0402", "'x' is not a valid dimension")]
    [InlineData(H + "tensor a i8 §[65536, 65536] base64\n", "SNN0402", "would hold more than 2147483647 values")]
    [InlineData(H + "tensor a i8 [1]§\n 1", "SNN0402", "tensor 'a' has no encoding")]
    [InlineData(H + "tensor a i8 [1] §hex\n 1", "SNN0402", "'hex' is not an encoding; use 'text' or 'base64'")]
    [InlineData(H + "tensor a i8 [1] text §extra\n 1", "SNN0402", "unexpected 'extra' after the encoding")]
    [InlineData(H + "tensor a i8 [1] §scale 0.5 text\n 1", "SNN0402", "tensor 'a' is i8: integer tensors are used as they are and take no scale")]
    [InlineData(H + "tensor a f32 [1] scale §0 text\n 1", "SNN0402", "must be a positive finite number, but is '0'")]
    [InlineData(H + "tensor a f32 [1] scale §-0.5 text\n 1", "SNN0402", "must be a positive finite number, but is '-0.5'")]
    [InlineData(H + "tensor a f32 [1] scale §Infinity text\n 1", "SNN0402", "must be a positive finite number")]
    [InlineData(H + "tensor a f32 [1] scale§\n 1", "SNN0402", "'scale' needs a positive number")]
    [InlineData(H + "tensor a i8 [1] text\n 1\ntensor §a i8 [1] text\n 2", "SNN0402", "tensor 'a' is already defined on line 2")]
    [InlineData(H + "tensor out i8 §[2, 3] text\n 1 2 3\n 4 5", "SNN0402", "tensor 'out' declares [2, 3] = 6 values, but has 5; add the missing values")]
    [InlineData(H + "tensor out i8 §[2] text\n", "SNN0402", "declares [2] = 2 values, but has 0")]
    [InlineData(H + "tensor out i8 [2] text\n 1 2 §3 4", "SNN0402", "declares [2] = 2 values, but has 4; remove the extra values")]
    [InlineData(H + "tensor a i8 [2] text\n 1 §x # x is no number", "SNN0402", "tensor 'a': 'x' is not a number")]
    [InlineData(H + "tensor a i8 [3] text\n §128 -129 5", "SNN0402", "'128' is outside the i8 range [-128, 127] (1 more value(s)")]
    [InlineData(H + "tensor a i16 [2] text\n 32767 §-32769", "SNN0402", "outside the i16 range [-32768, 32767]")]
    [InlineData(H + "tensor a i32 [2] text\n -2147483648 §2147483648", "SNN0402", "outside the i32 range [-2147483648, 2147483647]")]
    [InlineData(H + "tensor a i32 [1] text\n §99999999999999999999999", "SNN0402", "outside the i32 range")]
    [InlineData(H + "tensor a i8 [2] text\n 1 §1.5", "SNN0402", "'1.5' is not a plain decimal integer")]
    [InlineData(H + "tensor a i8 [1] text\n §1e2", "SNN0402", "'1e2' is not a plain decimal integer")]
    [InlineData(H + "tensor a f32 [2] text\n 0.5 §NaN", "SNN0402", "'NaN' is not a finite number")]
    [InlineData(H + "tensor a f32 [2] text\n §-Infinity 1", "SNN0402", "is not a finite number")]
    [InlineData(H + "tensor a f32 [2] text\n 1 §1e999", "SNN0402", "'1e999' is not a finite number")]
    [InlineData(H + "tensor a f32 [2] text\n 1 §1,5", "SNN0402", "'1,5' is not a number")]
    [InlineData(H + "tensor a i8 [2] base64\n AQ§*=", "SNN0402", "has '*' in its base64 data")]
    [InlineData(H + "tensor a i8 [2] base64\n AQ§=\n=AQ==", "SNN0402", "'=' padding in the middle")]
    [InlineData(H + "tensor a i8 [2] base64\n AQ§I", "SNN0402", "has 3 characters (0 of them '=' padding), which is not valid base64")]
    [InlineData(H + "tensor a i8 [1] base64\n A==§=", "SNN0402", "has 4 characters (3 of them '=' padding), which is not valid base64")]
    [InlineData(H + "tensor a i8 [3] base64\n AA==§=", "SNN0402", "which is not valid base64")]
    [InlineData(H + "tensor a i16 §[2] base64\n AQI=", "SNN0402", "declares [2] = 2 i16 values (4 bytes), but its base64 data holds 2 bytes")]
    [InlineData(H + "tensor a i8 [2] base64\n AQ\n  §ID", "SNN0402", "declares [2] = 2 i8 values (2 bytes), but its base64 data holds 3 bytes")]
    [InlineData(H + "tensor a f32 [2] base64\n AACAP§wAAwH8=", "SNN0402", "value [1] is NaN; weights must be finite")]
    [InlineData(H + "tensor a f32 [1, 1] base64\n §AACAfw==", "SNN0402", "value [0, 0] is Infinity")]
    public void Reports_each_problem_where_it_is(string marked, string code, string message)
    {
        var at = marked.IndexOf('§');
        var (_, diagnostics) = WeightsTestSupport.Parse(marked.Remove(at, 1));

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(code, diagnostic.Code);
        Assert.Contains(message, diagnostic.Message);
        var before = marked.Substring(0, at);
        var line = before.Count(c => c == '\n');
        Assert.Equal((line, at - (before.LastIndexOf('\n') + 1)), (diagnostic.Location.Start.Line, diagnostic.Location.Start.Column));
        Assert.Equal("test.w.txt", diagnostic.Location.Path);
    }

    [Fact]
    public void Printed_positions_are_one_based()
    {
        var (_, diagnostics) = WeightsTestSupport.Parse(H + "tensor a i4 [1] text\n 1");

        Assert.StartsWith("test.w.txt(2,10): error SNN0402: 'i4' is not an element type", diagnostics.Single().ToString());
    }

    [Fact]
    public void Broken_tensors_are_dropped_and_the_rest_kept()
    {
        var (document, diagnostics) = WeightsTestSupport.Parse(
            H + "tensor bad i4 [2] text\n 1 2\ntensor short i8 [3] text\n 1 2\ntensor good i8 [2] text\n 7 -7\n");

        Assert.Equal(2, diagnostics.Length);
        Assert.Equal(new[] { "good" }, document.Tensors.Select(t => t.Name));
        Assert.Equal(new[] { 7.0, -7.0 }, document.Find("good")!.Values);
    }

    [Fact]
    public void Unsupported_or_missing_header_yields_no_tensors()
    {
        Assert.Equal((2, 0), Summary(WeightsTestSupport.Parse("snn-weights 2\ntensor a i8 [1] text\n 1").Document));
        Assert.Equal((0, 0), Summary(WeightsTestSupport.Parse("tensor a i8 [1] text\n 1").Document));

        static (int, int) Summary(WeightsDocument document) => (document.Version, document.Tensors.Count);
    }

    [Fact]
    public void Windows_line_endings_tabs_comments_and_a_byte_order_mark_are_accepted()
    {
        var (document, diagnostics) = WeightsTestSupport.Parse(
            "\uFEFFsnn-weights 1\r\n# weights\r\ntensor\ta\ti8\t[2,3]\ttext # first\r\n\t1\t2\t3\r\n 4 5 6#end\r\n");

        Assert.Empty(diagnostics);
        Assert.Equal(new[] { 1.0, 2, 3, 4, 5, 6 }, document.Find("a")!.Values);
        Assert.Equal(new[] { 2, 3 }, document.Find("a")!.Shape);
    }

    [Fact]
    public void A_file_without_tensors_is_valid()
    {
        var (document, diagnostics) = WeightsTestSupport.Parse("snn-weights 1\n");

        Assert.Empty(diagnostics);
        Assert.Equal(1, document.Version);
        Assert.Empty(document.Tensors);
    }
}
