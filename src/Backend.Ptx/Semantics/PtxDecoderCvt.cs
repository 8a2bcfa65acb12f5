using KernelC.Backend.Ptx.Model;
using KernelC.IR;
using static KernelC.Backend.Ptx.Model.PtxType;

namespace KernelC.Backend.Ptx.Semantics;

public static partial class PtxDecoder
{
    private static readonly PtxType[] CvtTypes = [U8, U16, U32, U64, S8, S16, S32, S64, F16, BF16, F32, F64, F16x2, BF16x2];

    /// <summary>cvt{.rnd}{.ftz}{.sat}.dtype.atype d, a (PTX ISA cvt). Rounding: float results narrower than the
    /// source, and integer-to-float, need .rn/.rz/.rm/.rp; float-to-integer needs .rni/.rzi/.rmi/.rpi (saturating;
    /// NaN → 0); float-to-float of the same type takes no rounding (only .ftz/.sat); widening
    /// float and integer-to-integer conversions take none (.sat clamps integer narrowing). cvt.rn.{f16x2|bf16x2}.f32
    /// d, a, b packs a into the upper and b into the lower half. bf16 with f32 and f16x2/bf16x2 packing need sm_80;
    /// bf16 with any other type needs sm_90.</summary>
    private static PtxForm Cvt(ModifierSet m, PtxInstruction instr)
    {
        var rnd = m.TakeOne("rn", "rz", "rm", "rp", "rni", "rzi", "rmi", "rpi");
        bool ftz = m.Take("ftz"), sat = m.Take("sat");
        int typeAt = m.FirstUnusedTypeIndex();
        var types = m.TakeTypes();
        if (types.Count != 2) throw Fail($"cvt needs a destination and a source type, found {types.Count} type(s)", typeAt);
        var (dt, st) = (types[0], types[1]);
        foreach (var t in types)
            if (!CvtTypes.Contains(t)) throw Fail($"cvt does not take .{t.Name()}", m.IndexOf(t.Name()));
        int rndAt = rnd is null ? -1 : m.IndexOf(rnd);
        bool intRnd = rnd is "rni" or "rzi" or "rmi" or "rpi";
        RoundingMode? mode = rnd is null ? null : rnd[..2] switch
        {
            "rn" => RoundingMode.NearestEven, "rz" => RoundingMode.TowardZero, "rm" => RoundingMode.Down, _ => RoundingMode.Up,
        };
        if (ftz && !(dt == F32 || st == F32)) throw Fail("cvt.ftz needs an .f32 source or destination", m.IndexOf("ftz"));

        if (dt is F16x2 or BF16x2)
        {
            if (st != F32) throw Fail($"cvt.{dt.Name()} packs two .f32 values", m.IndexOf(st.Name()));
            if (rnd is not ("rn" or "rz")) throw Fail($"cvt.{dt.Name()}.f32 needs .rn or .rz", rndAt);
            if (sat) throw Fail($"cvt.{dt.Name()}: .sat is not in the subset (.satfinite is not either)", m.IndexOf("sat"));
            return new PtxForm(PtxOp.Cvt, dt, Slots(D(B32), S(F32), S(F32))) { Source = st, Rounding = mode, Ftz = ftz, MinSm = 80 };
        }
        if (st is F16x2 or BF16x2) throw Fail($"cvt from .{st.Name()} is not in the subset", m.IndexOf(st.Name()));

        bool df = dt.IsFloat(), sf = st.IsFloat();
        if (df && sf)
        {
            int db = dt.Bits(), sb = st.Bits();
            if (dt == st)
            {
                // cvt.rni.f32.f32 (round to integral) is not modelled: the IR domain has no round-to-integral
                if (rnd is not null) throw Fail($"cvt.{rnd}.{dt.Name()}.{st.Name()} (round to integral) is not in the subset", rndAt);
            }
            else if (db <= sb) // narrowing (f16 <-> bf16 counts as narrowing: neither contains the other)
            {
                if (rnd is null || intRnd) throw Fail($"cvt.{dt.Name()}.{st.Name()} narrows: it needs .rn, .rz, .rm or .rp", rndAt);
            }
            else if (rnd is not null) throw Fail($"cvt.{dt.Name()}.{st.Name()} widens exactly: no rounding modifier", rndAt);
        }
        else if (df)
        {
            if (rnd is null || intRnd) throw Fail($"cvt.{dt.Name()}.{st.Name()} (integer to float) needs .rn, .rz, .rm or .rp", rndAt);
        }
        else if (sf)
        {
            if (rnd is null || !intRnd) throw Fail($"cvt.{dt.Name()}.{st.Name()} (float to integer) needs .rni, .rzi, .rmi or .rpi", rndAt);
        }
        else if (rnd is not null) throw Fail("integer-to-integer cvt takes no rounding modifier", rndAt);
        if (sat && df && dt != F32) throw Fail("cvt.sat with a float result needs .f32", m.IndexOf("sat"));

        int minSm = 0;
        if (dt == BF16 || st == BF16) minSm = (dt == F32 || st == F32) ? 80 : 90;
        return new PtxForm(PtxOp.Cvt, dt, Slots(D(dt), S(st)))
        { Source = st, Rounding = mode, IntegerRounding = intRnd, Ftz = ftz, Sat = sat, MinSm = minSm };
    }
}
