using System.Collections.Immutable;
using KernelC.IR;
using KernelC.Runtime;

namespace KernelC.Cli.Support;

/// <summary>The input tensors of a run: read from files and matched to parameters by name, or generated from a
/// seed when no file is given.</summary>
public static class InputTensors
{
    public static Dictionary<string, Tensor>? Load(IReadOnlyList<string> files, DiagnosticBag diags)
    {
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var origin = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var tensors = TensorFiles.Load(file, diags);
            if (tensors is null) continue;
            foreach (var t in tensors)
            {
                if (origin.TryGetValue(t.Name, out var first))
                    diags.Error("KC0013", file, $"tensor '{t.Name}' is also given in {first}");
                else
                {
                    inputs[t.Name] = t.Tensor;
                    origin[t.Name] = file;
                }
            }
        }
        return diags.HasErrors ? null : inputs;
    }

    /// <summary>Uniform random inputs for every parameter, at the shapes the dimensions give.</summary>
    public static Dictionary<string, Tensor>? Random(Kernel kernel, IReadOnlyDictionary<string, long> dims, ulong seed,
        DiagnosticBag diags)
    {
        var missing = kernel.Dims.Where(d => !dims.ContainsKey(d)).ToList();
        if (missing.Count > 0)
        {
            diags.Error("KC0014", kernel.Name, $"random inputs need every dimension: give {string.Join(", ", missing)} with "
                + $"--dims (example: --dims {string.Join(",", kernel.Dims.Select(d => d + "=64"))}), or pass --inputs FILE");
            return null;
        }
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var p in kernel.Params)
        {
            var shape = p.Type.Shape.Select(d => d.Evaluate(dims)).ToImmutableArray();
            if (!Tensor.TryElementCount(shape, out _))
            {
                diags.Error("KC0016", kernel.Name, $"parameter {p.Name} would have shape [{string.Join(", ", shape)}], "
                    + $"more than {Tensor.MaxElements} elements: choose smaller dimensions");
                continue;
            }
            inputs[p.Name] = RandomTensors.Uniform(p.DType, shape, seed, p.Name);
        }
        return diags.HasErrors ? null : inputs;
    }
}
