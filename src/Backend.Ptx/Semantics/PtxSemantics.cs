using KernelC.Backend.Ptx.Model;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Semantics;

/// <summary>THE table of PTX instruction semantics (docs/ptx.md "Interpreter"): the result of each arithmetic,
/// comparison, conversion and data-movement instruction of the subset, per lane, over a domain. The interpreter and
/// the lowering proof's symbolic executor both call only this.</summary>
public sealed partial class PtxSemantics<T>(IPtxDomain<T> domain)
{
    public IPtxDomain<T> Domain { get; } = domain;
}
