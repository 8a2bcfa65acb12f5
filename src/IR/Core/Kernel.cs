namespace KernelC.IR;

/// <summary>A kernel: symbolic dimensions with their constraints, tensor parameters, a body of Compute
/// instructions in definition order, and for each declared output the value returned for it.</summary>
public sealed record Kernel(
    string Name,
    EqArray<string> Dims,
    EqArray<DimConstraint> Constraints,
    EqArray<Value> Params,
    EqArray<Value> Outputs,
    EqArray<Instr> Body,
    EqArray<Value> Returns);

/// <summary>A module: kernels in source order.</summary>
public sealed record Module(EqArray<Kernel> Kernels)
{
    public Kernel? Find(string name) => Kernels.FirstOrDefault(k => k.Name == name);
}
