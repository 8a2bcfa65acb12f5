using KernelC.Backend.Ptx.Model;
using KernelC.IR;

namespace KernelC.Backend.Ptx.Reader;

/// <summary>Checks a parsed module against the subset's rules (module header, declarations) and builds the model;
/// instruction rules are in PtxInstructionChecker. Reports every problem it finds (KC0703–KC0720); null when any.</summary>
internal sealed class PtxValidator
{
    private static readonly PtxType[] ParamTypes = [PtxType.U32, PtxType.U64, PtxType.S32, PtxType.S64, PtxType.B32, PtxType.B64, PtxType.F32];

    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private readonly int _errorsBefore;

    private PtxValidator(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
        _errorsBefore = diagnostics.Items.Count(d => d.Severity == Severity.Error);
    }

    private bool Failed => _diagnostics.Items.Count(d => d.Severity == Severity.Error) > _errorsBefore;

    internal void Report(string id, int offset, int length, string message) =>
        _diagnostics.Error(id, new SourceSpan(_source, Math.Clamp(offset, 0, _source.Text.Length), Math.Max(1, length)), message);

    public static PtxModule? Validate(ParsedModule parsed, SourceText source, DiagnosticBag diagnostics)
    {
        var v = new PtxValidator(source, diagnostics);
        var header = v.CheckHeader(parsed);
        if (header is null) return null; // without a valid header nothing else can be judged (the target decides)
        var (version, target, sm) = header.Value;
        var moduleShared = v.CheckShared(parsed.Shared, new Dictionary<string, int>());
        var entries = new List<PtxEntry>();
        var entryNames = new HashSet<string>();
        foreach (var e in parsed.Entries)
        {
            if (!entryNames.Add(e.Name)) v.Report(PtxDiagnosticIds.Duplicate, e.NameOffset, e.Name.Length, $"kernel '{e.Name}' is declared twice");
            var entry = v.CheckEntry(e, parsed.Shared, sm, PtxVersions.Parse(version));
            if (entry is not null) entries.Add(entry);
        }
        if (v.Failed) return null;
        return new PtxModule(source.Path, version, target, 64, new EqArray<PtxSharedDecl>(moduleShared), new EqArray<PtxEntry>(entries));
    }

    /// <summary>.version first and once, then .target once, then .address_size 64 once; target known and the
    /// version new enough for it.</summary>
    private (string Version, string Target, int Sm)? CheckHeader(ParsedModule parsed)
    {
        var order = parsed.Order;
        string[] expected = [".version", ".target", ".address_size"];
        string[] ids = [PtxDiagnosticIds.Version, PtxDiagnosticIds.Target, PtxDiagnosticIds.AddressSize];
        for (int i = 0; i < 3; i++)
        {
            if (i < order.Count && order[i].Directive == expected[i]) continue;
            int at = i < order.Count ? order[i].Offset : _source.Text.Length;
            string found = i < order.Count ? $"found '{order[i].Directive}'" : "found the end of the file";
            Report(ids[i], at, i < order.Count ? order[i].Directive.Length : 1,
                i == 0 ? $"a PTX module starts with .version, {found}" : $"expected {expected[i]} after {expected[i - 1]}, {found}");
            return null;
        }
        foreach (var h in parsed.Headers.Skip(3))
        {
            int k = Array.IndexOf(expected, h.Directive);
            Report(ids[k], h.Offset, h.Directive.Length, $"{h.Directive} appears more than once");
        }
        var (ver, tgt, addr) = (parsed.Headers[0], parsed.Headers[1], parsed.Headers[2]);
        bool ok = !Failed;
        int version = PtxVersions.Parse(ver.Value);
        if (version < 60 || version > 99)
        {
            Report(PtxDiagnosticIds.Version, ver.ValueOffset, ver.Value.Length, $"unsupported PTX ISA version '{ver.Value}' (expected 6.0 to 9.9)");
            ok = false;
        }
        int sm = PtxVersions.Sm(tgt.Value);
        if (!PtxVersions.MinimumVersion.TryGetValue(sm, out var minVersion) || tgt.Value.EndsWith('a'))
        {
            Report(PtxDiagnosticIds.Target, tgt.ValueOffset, tgt.Value.Length,
                $"unsupported target '{tgt.Value}' (expected one of {string.Join(", ", PtxVersions.MinimumVersion.Keys.Select(k => "sm_" + k))})");
            ok = false;
        }
        else if (version >= 60 && version < minVersion)
        {
            Report(PtxDiagnosticIds.VersionTooOld, ver.ValueOffset, ver.Value.Length,
                $".target {tgt.Value} needs .version {minVersion / 10}.{minVersion % 10} or later, found {ver.Value}");
            ok = false;
        }
        if (addr.Value != "64")
        {
            Report(PtxDiagnosticIds.AddressSize, addr.ValueOffset, addr.Value.Length, $".address_size must be 64, found {addr.Value}");
            ok = false;
        }
        return ok ? (ver.Value, tgt.Value, sm) : null;
    }

    /// <summary>Shared declarations: alignment a power of two and at least the element size, a storable element type,
    /// names unique within <paramref name="names"/>.</summary>
    private List<PtxSharedDecl> CheckShared(List<ParsedShared> decls, Dictionary<string, int> names)
    {
        var result = new List<PtxSharedDecl>();
        foreach (var s in decls)
        {
            var d = s.Decl;
            if (!names.TryAdd(d.Name, s.NameOffset))
                Report(PtxDiagnosticIds.Duplicate, s.NameOffset, d.Name.Length, $"'{d.Name}' is declared twice");
            if (d.ElementType is PtxType.Pred or PtxType.F16x2 or PtxType.BF16x2)
                Report(PtxDiagnosticIds.BadDeclaration, s.Offset, 7, $"a shared array of .{d.ElementType.Name()} is not in the subset");
            else if (d.Align != 0 && (d.Align & (d.Align - 1)) != 0)
                Report(PtxDiagnosticIds.BadDeclaration, s.AlignOffset, 1, $".align {d.Align} is not a power of two");
            else if (d.Align != 0 && d.Align < d.ElementType.Bytes())
                Report(PtxDiagnosticIds.BadDeclaration, s.AlignOffset, 1, $".align {d.Align} is below the element size {d.ElementType.Bytes()}");
            else if (d.Bytes > 1L << 31)
                Report(PtxDiagnosticIds.BadDeclaration, s.NameOffset, d.Name.Length, $"shared array '{d.Name}' is larger than 2 GiB");
            result.Add(d);
        }
        return result;
    }

    private PtxEntry? CheckEntry(ParsedEntry e, List<ParsedShared> moduleShared, int sm, int version)
    {
        int before = _diagnostics.Count;
        var names = new Dictionary<string, int>();
        foreach (var s in moduleShared) names.TryAdd(s.Decl.Name, s.NameOffset);
        var prms = new Dictionary<string, PtxParam>();
        foreach (var p in e.Params)
        {
            if (!names.TryAdd(p.Param.Name, p.NameOffset))
                Report(PtxDiagnosticIds.Duplicate, p.NameOffset, p.Param.Name.Length, $"'{p.Param.Name}' is declared twice");
            if (!ParamTypes.Contains(p.Param.Type))
                Report(PtxDiagnosticIds.BadDeclaration, p.Offset, 6, $"a .param of .{p.Param.Type.Name()} is not in the subset (u32, u64, s32, s64, b32, b64, f32)");
            prms[p.Param.Name] = p.Param;
        }
        var localShared = CheckShared(e.Shared, names);
        var shared = new Dictionary<string, PtxSharedDecl>();
        foreach (var s in moduleShared.Select(x => x.Decl).Concat(localShared)) shared.TryAdd(s.Name, s);

        var regs = new Dictionary<string, PtxType>();
        foreach (var r in e.Registers)
        {
            var d = r.Decl;
            if (d.Type.Bits() == 8)
                Report(PtxDiagnosticIds.BadDeclaration, r.Offset, 4, $".reg .{d.Type.Name()}: 8-bit registers are not in the subset (use 16 or 32 bits)");
            foreach (var n in d.Names())
                if (!regs.TryAdd(n, d.Type))
                {
                    Report(PtxDiagnosticIds.Duplicate, r.NameOffset, d.Name.Length, $"register '{n}' is declared twice");
                    break;
                }
        }
        var labels = new Dictionary<string, int>();
        foreach (var l in e.Labels)
            if (!labels.TryAdd(l.Name, l.Index))
                Report(PtxDiagnosticIds.DuplicateLabel, l.Offset, l.Name.Length, $"label '{l.Name}' is defined twice in {e.Name}");

        var checker = new PtxInstructionChecker(this, regs, prms, shared, labels, sm, version);
        foreach (var i in e.Instructions) checker.Check(i);

        if (_diagnostics.Count != before) return null;
        return new PtxEntry(e.Name, new EqArray<PtxParam>(e.Params.Select(p => p.Param)),
            new EqArray<PtxRegDecl>(e.Registers.Select(r => r.Decl)), new EqArray<PtxSharedDecl>(localShared),
            new EqArray<PtxLabel>(e.Labels.Select(l => new PtxLabel(l.Name, l.Index, _source.Position(l.Offset).Line))),
            new EqArray<PtxInstruction>(e.Instructions.Select(i => i.Instruction)), _source.Position(e.Offset).Line);
    }
}
