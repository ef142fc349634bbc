using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Service.Tests;

/// <summary>Which faces make a photo one of several people (issue 12, finding 7).</summary>
public sealed class OnePersonRuleTests
{
    [Fact]
    public void The_largest_face_is_the_subject_when_every_other_face_is_under_a_quarter_of_its_area()
    {
        var subject = Face(100);
        var bystander = Face(49); // 0.2401 of the area: far behind, or a poster

        Assert.Same(subject, OnePersonRule.Subject([bystander, subject]));
        Assert.Same(subject, OnePersonRule.Subject([subject]));
    }

    [Fact]
    public void A_second_face_of_a_quarter_of_the_area_or_more_refuses_the_photo_with_the_count()
    {
        var refused = Assert.Throws<FaceCountException>(() => OnePersonRule.Subject([Face(100), Face(50), Face(60), Face(10)]));

        Assert.Contains("The photo shows 3 people", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, refused.People);
    }

    [Fact]
    public void No_face_is_refused()
    {
        var refused = Assert.Throws<FaceCountException>(() => OnePersonRule.Subject([]));

        Assert.Equal("No face found in the image.", refused.Message);
        Assert.Equal(0, refused.People);
    }

    private static FaceDetection Face(float side) => new(new FaceBox(0, 0, side, side), 0.99f);
}
