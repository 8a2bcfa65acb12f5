using KernelC.IR;

namespace KernelC.Passes.Rewriting;

/// <summary>Read-only queries over regions and kernels (recursive through nested reduce regions).</summary>
public static class IrWalk
{
    /// <summary>Every instruction of the body, nested regions included, in program order (pre-order).</summary>
    public static IEnumerable<Instr> Instructions(IEnumerable<Instr> body)
    {
        foreach (var i in body)
        {
            yield return i;
            if (i.Body is { } r)
                foreach (var inner in Instructions(r.Body)) yield return inner;
        }
    }

    /// <summary>Every value a region defines: its own index variables, results, and those of nested regions.</summary>
    public static IEnumerable<Value> Definitions(Region r)
    {
        foreach (var iv in r.Indices) yield return iv.Var;
        foreach (var v in BodyDefinitions(r.Body)) yield return v;
    }

    /// <summary>Every value a body defines (results and nested index variables), not the enclosing indices.</summary>
    public static IEnumerable<Value> BodyDefinitions(IEnumerable<Instr> body)
    {
        foreach (var i in body)
        {
            yield return i.Result;
            if (i.Body is { } r)
                foreach (var v in Definitions(r)) yield return v;
        }
    }

    /// <summary>Every name used in a kernel: parameters, outputs, compute results, index variables, results.</summary>
    public static IEnumerable<string> AllNames(Kernel k)
    {
        foreach (var p in k.Params) yield return p.Name;
        foreach (var o in k.Outputs) yield return o.Name;
        foreach (var c in k.Body)
        {
            yield return c.Result.Name;
            if (c.Body is { } r)
                foreach (var v in Definitions(r)) yield return v.Name;
        }
    }

    /// <summary>The loads of tensor <paramref name="tensor"/> anywhere in the body.</summary>
    public static IEnumerable<Instr> LoadsOf(IEnumerable<Instr> body, string tensor) =>
        Instructions(body).Where(i => i.Op == Opcode.Load && i.Args.Count > 0 && i.Args[0].Name == tensor);

    /// <summary>Does the compute <paramref name="c"/> load <paramref name="tensor"/>?</summary>
    public static bool Reads(Instr c, string tensor) => c.Body is { } r && LoadsOf(r.Body, tensor).Any();

    /// <summary>The names of all tensors the region loads.</summary>
    public static IEnumerable<string> TensorsRead(Region r) =>
        Instructions(r.Body).Where(i => i.Op == Opcode.Load && i.Args.Count > 0).Select(i => i.Args[0].Name).Distinct();

    public static bool HasReduce(Region r) => Instructions(r.Body).Any(i => i.Op == Opcode.Reduce);
}
