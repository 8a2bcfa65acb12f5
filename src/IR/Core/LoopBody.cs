namespace KernelC.IR;

/// <summary>The body of a For: the loop index (index-typed, visible in the body only) takes the values
/// 0, Step, 2·Step, ... while below the bound (Args[0] of the For); the carried params (visible in the body only)
/// hold init_i (Args[1 + i]) in the first iteration and Next_i of the previous iteration afterwards. The For's
/// results are the carried values after the last iteration (the inits when there is none).
/// Typing identity: result_i.Type = Carried_i.Type = init_i.Type = Next_i.Type; Step &gt; 0.</summary>
public sealed record LoopBody(Value Index, long Step, EqArray<Value> Carried, EqArray<Instr> Body, EqArray<Value> Next);
