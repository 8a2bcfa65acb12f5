namespace KernelC.IR;

/// <summary>The verifier's loop-level rules:
///  - steps: a compute's index variables have none; a parallel's each have one; a step is a positive constant or a
///    declared dimension;
///  - parallel (top level only): result = (tile dtype, extents of its index variables); the tile (its yield) is a
///    tensor whose shape is exactly the steps, in order;
///  - for (inside regions only): Args = [bound, init...]; the bound is an index scalar; step &gt; 0; one carried
///    param, one init, one next value and one result per carried value, all of one type; the loop index (index) and
///    the carried params are visible in the body only; the results are defined after the loop.</summary>
internal sealed partial class KernelChecker
{
    /// <summary>Only for has MoreResults and a loop body; for has no region.</summary>
    private void CheckLoopFields(Instr i)
    {
        if (i.Op != Opcode.For && (!i.MoreResults.IsEmpty || i.Loop is not null))
            Error(i.Result.Name, $"{i.Op.Mnemonic()} has several results or a loop body; only for has them");
    }

    private void CheckStep(Instr owner, IndexVar iv)
    {
        var who = iv.Var.Name;
        if (iv.Step is null)
        {
            if (owner.Op == Opcode.Parallel) Error(who, $"index variable of parallel %{owner.Result.Name} needs a step (the tile extent)");
            return;
        }
        if (owner.Op == Opcode.Compute) Error(who, $"index variable of compute %{owner.Result.Name} has a step; only reduce and parallel index variables step");
        CheckDim(iv.Step, who);
        if (iv.Step is Dim.Const { Value: <= 0 } c) Error(who, $"step {c.Value} is not positive");
    }

    private void CheckParallel(Instr p)
    {
        var name = p.Result.Name;
        if (p.Args.Count != 0) Error(name, "parallel takes no arguments");
        if (p.Body is null) Error(name, "parallel has no region");
        else
        {
            var steps = p.Body.Indices.Map(iv => iv.Step ?? iv.Extent);
            var y = CheckRegion(p, tile =>
            {
                var want = new ValueType(tile.DType, steps);
                if (tile.Type == want) return true;
                Error(name, $"the tile {tile} of parallel has type {tile.Type}; its shape must be the steps: {want}");
                return false;
            });
            var expected = new ValueType(y ?? p.Result.DType, p.Body.Indices.Map(iv => iv.Extent));
            if (y is not null && p.Result.Type != expected) Error(name, $"parallel result type must be {expected}, found {p.Result.Type}");
        }
        CheckShape(p.Result.Type, name);
        Define(p.Result);
        _tensors.Add(name);
    }

    private void CheckFor(Instr f)
    {
        var name = f.Result.Name;
        var results = f.Results.ToList();
        if (f.Body is not null) Error(name, "for has a region; its body is a loop body");
        if (f.Loop is not { } loop)
        {
            Error(name, "for has no loop body");
            foreach (var r in results) Define(r);
            return;
        }
        if (loop.Step <= 0) Error(name, $"for step {loop.Step} is not positive");
        if (f.Args.Count == 0) Error(name, "for has no bound");
        else if (Use(f.Args[0], $"the bound of %{name}") && f.Args[0].Type != ValueType.Scalar(DType.Index))
            Error(f.Args[0].Name, $"the bound of for %{name} is {f.Args[0].Type}, not index");
        var inits = f.Args.Items.Skip(1).ToList();
        if (inits.Count != loop.Carried.Count || results.Count != loop.Carried.Count)
            Error(name, $"for has {loop.Carried.Count} carried values, {inits.Count} inits and {results.Count} results: one each per carried value");
        for (int k = 0; k < inits.Count; k++)
            if (Use(inits[k], $"for %{name}") && k < loop.Carried.Count && inits[k].Type != loop.Carried[k].Type)
                Error(loop.Carried[k].Name, $"carried value initialised with {inits[k]}: {inits[k].Type}, but it is {loop.Carried[k].Type}");

        _frames.Push(new List<string>());
        if (loop.Index.Type != ValueType.Scalar(DType.Index)) Error(loop.Index.Name, $"loop index has type {loop.Index.Type}, not index");
        Define(loop.Index);
        for (int k = 0; k < loop.Carried.Count; k++)
        {
            var c = loop.Carried[k];
            CheckShape(c.Type, c.Name);
            if (k < results.Count && results[k].Type != c.Type)
                Error(results[k].Name, $"result of for has type {results[k].Type} but its carried value {c} is {c.Type}");
            Define(c);
            if (!c.Type.IsScalar) _tensors.Add(c.Name);
        }
        foreach (var instr in loop.Body) CheckInstr(instr);
        if (loop.Next.Count != loop.Carried.Count)
            Error(name, $"next gives {loop.Next.Count} values for {loop.Carried.Count} carried values");
        for (int k = 0; k < loop.Next.Count; k++)
            if (Use(loop.Next[k], $"the next of %{name}") && k < loop.Carried.Count && loop.Next[k].Type != loop.Carried[k].Type)
                Error(loop.Next[k].Name, $"next value for carried {loop.Carried[k]} has type {loop.Next[k].Type}, not {loop.Carried[k].Type}");
        PopFrame();

        foreach (var r in results)
        {
            CheckShape(r.Type, r.Name);
            Define(r);
            if (!r.Type.IsScalar) _tensors.Add(r.Name);
        }
    }
}
