using KernelC.Backend.Ptx.Model;

namespace KernelC.Backend.Ptx.Tests.Reader;

public class ReaderAcceptsTests
{
    [Fact]
    public void Vector_add_reads_into_the_model()
    {
        var m = PtxFiles.Module("vector_add.ptx");
        Assert.Equal("7.8", m.Version);
        Assert.Equal("sm_80", m.Target);
        var e = Assert.Single(m.Entries);
        Assert.Equal("vector_add", e.Name);
        Assert.Equal(["a", "b", "c", "n"], e.Params.Select(p => p.Name));
        Assert.Equal(PtxType.U32, e.Params[3].Type);
        Assert.Equal(19, e.Instructions.Count);
        var bra = e.Instructions.Single(i => i.Opcode == "bra");
        Assert.Equal(new PtxGuard("%p1", false), bra.Guard);
        Assert.Equal(e.Instructions.Count - 1, e.FindLabel("DONE")!.Index);
        var mad = e.Instructions.Single(i => i.Opcode == "mad");
        Assert.Equal(["lo", "s32"], mad.Modifiers.ToArray());
        Assert.Equal(new PtxOperand.Special("%ctaid.x"), e.Instructions[4].Operands[1]);
    }
}
