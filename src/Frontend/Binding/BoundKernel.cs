using KernelC.IR;

namespace KernelC.Frontend.Binding;

public enum TensorKind { Param, Definition }

/// <summary>A tensor visible in a kernel body: a parameter or a definition (intermediate or output).</summary>
public sealed record BoundTensor(string Name, DType DType, EqArray<Dim> Shape, TensorKind Kind)
{
    public int Rank => Shape.Count;
    public KernelC.IR.ValueType ValueType => new(DType, Shape);
}

/// <summary>`name[indices] = value`: the tensor it defines has shape = the extents of the indices.</summary>
public sealed record BoundDefinition(BoundTensor Tensor, EqArray<BoundIndex> Indices, BoundExpr Value);

/// <summary>A checked kernel. Outputs are the declared interface; OutputDefinitions[i] defines Outputs[i].</summary>
public sealed record BoundKernel(
    string Name,
    EqArray<string> Dims,
    EqArray<DimConstraint> Constraints,
    EqArray<BoundTensor> Params,
    EqArray<BoundTensor> Outputs,
    EqArray<BoundDefinition> Definitions,
    EqArray<BoundDefinition> OutputDefinitions,
    string? Schedule);
