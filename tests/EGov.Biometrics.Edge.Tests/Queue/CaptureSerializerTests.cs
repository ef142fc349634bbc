using EGov.Biometrics.Edge.Queue;

namespace EGov.Biometrics.Edge.Tests.Queue;

public sealed class CaptureSerializerTests
{
    [Theory]
    [InlineData(0.42f)]
    [InlineData(null)]
    public void A_capture_survives_the_round_trip_field_for_field(float? liveness)
    {
        var capture = TestCaptures.Make(3, liveness: liveness);

        TestCaptures.AssertSame(capture, CaptureSerializer.Deserialize(CaptureSerializer.Serialize(capture)));
    }

    [Fact]
    public void An_unknown_version_is_refused_by_name()
    {
        var data = CaptureSerializer.Serialize(TestCaptures.Make(1));
        data[0] = 99;

        var error = Assert.Throws<InvalidDataException>(() => CaptureSerializer.Deserialize(data));

        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(700)]
    public void Truncated_or_padded_data_is_refused(int cut)
    {
        var data = CaptureSerializer.Serialize(TestCaptures.Make(1));

        Assert.Throws<InvalidDataException>(() => CaptureSerializer.Deserialize(data.AsSpan(0, data.Length - cut)));
        Assert.Throws<InvalidDataException>(() => CaptureSerializer.Deserialize([.. data, .. new byte[cut]]));
    }
}
