using KernelC.IR;

namespace KernelC.Runtime;

/// <summary>A tensor with the name it has in a tensor file (a safetensors key, or a .npy file's stem).</summary>
public sealed record NamedTensor(string Name, Tensor Tensor);
