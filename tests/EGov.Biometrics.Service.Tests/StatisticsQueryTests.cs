using EGov.Biometrics.Service.Administration;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Service.Tests;

/// <summary>The statistics of a server whose galleries include a model it does not serve (the demo's dlib gallery).</summary>
public sealed class StatisticsQueryTests : IDisposable
{
    private readonly Domain _domain = new(served: new ServedEmbedders([Domain.Model, Domain.ModelB], [Domain.Model, Domain.ModelB]));

    [Fact]
    public async Task A_gallery_of_a_model_not_served_here_is_left_out_of_the_models_not_a_failure()
    {
        await _domain.Service.EnrollAsync(new EnrollCommand("30000000000001", [Domain.Template(Domain.Unit(1))]), Domain.Admin);
        var servedOnly = new Dictionary<string, FmrCalibration> { [Domain.Model] = new FmrCalibration(new CalibrationSpec("cosine", 1e-4, [new FmrThreshold(1e-4, 0.50f)], "test")) };

        var statistics = await new StatisticsQuery(_domain.Registry, _domain.Gallery, servedOnly).CurrentAsync();

        var model = Assert.Single(statistics.Models);
        Assert.Equal(Domain.Model, model.ModelId);
        Assert.Equal(1, model.Templates);
        Assert.Equal(1, statistics.Templates);
    }

    public void Dispose() => _domain.Dispose();
}
