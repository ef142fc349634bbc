using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Models;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Onnx;

/// <summary>
/// One ONNX model: its session is created once, checked against the manifest's tensor names and
/// shapes, and shared. <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is thread-safe, so concurrent callers need no lock.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly long[] _inputShape;

    /// <summary>Opens the model file at <paramref name="path"/> and checks its tensors against <paramref name="descriptor"/>.</summary>
    public OnnxModel(ModelDescriptor descriptor, string path, OnnxRuntimeOptions options)
        : this(descriptor, options, settings => new InferenceSession(path ?? throw new ArgumentNullException(nameof(path)), settings))
    {
    }

    /// <summary>Opens a model from its file's bytes and checks its tensors against <paramref name="descriptor"/>.</summary>
    public OnnxModel(ModelDescriptor descriptor, byte[] model, OnnxRuntimeOptions options)
        : this(descriptor, options, settings => new InferenceSession(model ?? throw new ArgumentNullException(nameof(model)), settings))
    {
    }

    private OnnxModel(ModelDescriptor descriptor, OnnxRuntimeOptions options, Func<SessionOptions, InferenceSession> open)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(options);
        Descriptor = descriptor;
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        _session = open(sessionOptions);
        try
        {
            CheckAgainstManifest(descriptor, _session);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        _inputNames = [descriptor.Inputs[0].Name];
        _outputNames = descriptor.Outputs.Select(o => o.Name).ToArray();
        _inputShape = descriptor.Inputs[0].Shape.Select(d => (long)d).ToArray();
        InputLength = descriptor.Inputs[0].Shape.Aggregate(1, (a, b) => a * b);
        InputSize = new Size(descriptor.Inputs[0].Shape[3], descriptor.Inputs[0].Shape[2]);
    }

    /// <summary>The manifest entry.</summary>
    public ModelDescriptor Descriptor { get; }

    /// <summary>Number of floats in one input tensor.</summary>
    public int InputLength { get; }

    /// <summary>Width and height of the input image (NCHW input).</summary>
    internal Size InputSize { get; }

    /// <summary>Runs the model on a BGR image already at <see cref="InputSize"/>, preprocessed as the manifest says.</summary>
    internal float[][] Run(Mat bgr)
    {
        var input = new float[InputLength];
        if (Descriptor.Preprocessing.Channels == "GRAY" && bgr.Channels() == 3)
        {
            using var grey = new Mat();
            Cv2.CvtColor(bgr, grey, ColorConversionCodes.BGR2GRAY);
            ImageTensor.Write(grey, Descriptor.Preprocessing, input);
        }
        else
        {
            ImageTensor.Write(bgr, Descriptor.Preprocessing, input);
        }

        return Run(input);
    }

    /// <summary>Runs the model on one input tensor and returns each output, in manifest order, as a new array.</summary>
    public float[][] Run(float[] input)
    {
        if (input.Length != InputLength)
        {
            throw new ArgumentException($"{Descriptor.Id} takes {InputLength} input values, got {input.Length}.", nameof(input));
        }

        using var tensor = OrtValue.CreateTensorValueFromMemory(input, _inputShape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, _inputNames, [tensor], _outputNames);
        var result = new float[outputs.Count][];
        for (var i = 0; i < outputs.Count; i++)
        {
            result[i] = outputs[i].GetTensorDataAsSpan<float>().ToArray();
        }

        return result;
    }

    /// <summary>Closes the session.</summary>
    public void Dispose() => _session.Dispose();

    private static void CheckAgainstManifest(ModelDescriptor descriptor, InferenceSession session)
    {
        void Check(TensorSpec spec, IReadOnlyDictionary<string, NodeMetadata> actual, string kind)
        {
            if (!actual.TryGetValue(spec.Name, out var meta))
            {
                throw new InvalidDataException(
                    $"{descriptor.Id}: the manifest names {kind} '{spec.Name}', the model has {string.Join(", ", actual.Keys)}.");
            }

            if (!meta.Dimensions.SequenceEqual(spec.Shape))
            {
                throw new InvalidDataException(
                    $"{descriptor.Id}: {kind} '{spec.Name}' has shape [{string.Join(",", meta.Dimensions)}], the manifest says [{string.Join(",", spec.Shape)}].");
            }
        }

        foreach (var input in descriptor.Inputs)
        {
            Check(input, session.InputMetadata, "input");
        }

        foreach (var output in descriptor.Outputs)
        {
            Check(output, session.OutputMetadata, "output");
        }
    }
}
