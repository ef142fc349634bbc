using EGov.Biometrics.ModelConversion.Onnx.Proto;
using Google.Protobuf;

namespace EGov.Biometrics.ModelConversion.Onnx;

/// <summary>Builds an ONNX graph node by node; every value gets a unique name.</summary>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private int _counter;

    public OnnxGraphBuilder(string name) => _graph = new GraphProto { Name = name };

    public string Input(string name, params int[] shape)
    {
        _graph.Input.Add(ValueInfo(name, shape));
        return name;
    }

    public void Output(string name, params int[] shape) => _graph.Output.Add(ValueInfo(name, shape));

    public string Constant(string hint, ReadOnlySpan<float> values, params int[] dims) =>
        AddInitializer(hint, TensorProto.Types.DataType.Float, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), dims);

    public string Constant(string hint, ReadOnlySpan<long> values, params int[] dims) =>
        AddInitializer(hint, TensorProto.Types.DataType.Int64, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values), dims);

    /// <summary>Adds a node and returns the name of its (single) output, or <paramref name="output"/> when given.</summary>
    public string Node(string opType, IEnumerable<string> inputs, IEnumerable<AttributeProto>? attributes = null, string? output = null)
    {
        output ??= $"{opType.ToLowerInvariant()}_{++_counter}";
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{_counter}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        if (attributes is not null)
        {
            node.Attribute.AddRange(attributes);
        }

        _graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>The finished model (IR version 7, default-domain opset <paramref name="opset"/>) as bytes.</summary>
    public byte[] Build(string producer, string producerVersion, string documentation, int opset)
    {
        var model = new ModelProto
        {
            IrVersion = 7,
            ProducerName = producer,
            ProducerVersion = producerVersion,
            DocString = documentation,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opset });
        return model.ToByteArray();
    }

    private string AddInitializer(string hint, TensorProto.Types.DataType type, ReadOnlySpan<byte> raw, int[] dims)
    {
        var name = $"{hint}_{++_counter}";
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims.Select(d => (long)d));
        _graph.Initializer.Add(tensor);
        return name;
    }

    private static ValueInfoProto ValueInfo(string name, int[] shape)
    {
        var tensorShape = new TensorShapeProto();
        tensorShape.Dim.AddRange(shape.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = tensorShape } },
        };
    }
}
