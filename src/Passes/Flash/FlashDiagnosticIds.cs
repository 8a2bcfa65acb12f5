namespace KernelC.Passes.Flash;

/// <summary>The KC056x diagnostics of the flash pass (docs/diagnostics.md, KC05xx).</summary>
public static class FlashDiagnosticIds
{
    /// <summary>flash(Bq, Bk): the arguments are not two positive integers (Bk dividing Bq).</summary>
    public const string BadArguments = "KC0560";
    /// <summary>The where clause does not imply N % Bq == 0 and N % Bk == 0.</summary>
    public const string NotDivisible = "KC0561";
    /// <summary>No kernel of the module has the attention pattern.</summary>
    public const string NoAttention = "KC0562";
}
