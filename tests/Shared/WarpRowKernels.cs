namespace KernelC.Tests.Shared;

/// <summary>Hand-written IR for the warp row-reduction tests (linked into the PTX backend and checker test projects).</summary>
public static class WarpRowKernels
{
    /// <summary>y[r, c] = x[r, c] − max_c' x[r, c'] in one parallel over 64-row tiles: the row max is a local tensor
    /// (shared memory) read by the yielded tile.</summary>
    public const string RowCenter = """
        kernel @rowcenter(%x: f32[R, C]) -> (y: f32[R, C])
            dims R, C
            where C <= 64 {
          %y: f32[R, C] = parallel [%rb < R step 64, %cb < C step C] {
            %m: f32[64] = compute [%r < 64] {
              %one: index = const 1
              %er: index = dim R
              %lr: index = sub %er, %one
              %gr: index = add %rb, %r
              %rr: index = min %gr, %lr
              %mx: f32 = reduce.max [%c < C] {
                %v: f32 = load %x[%rr, %c]
                yield %v
              }
              yield %mx
            }
            %t: f32[64, C] = compute [%r2 < 64, %c2 < C] {
              %one2: index = const 1
              %er2: index = dim R
              %lr2: index = sub %er2, %one2
              %gr2: index = add %rb, %r2
              %rr2: index = min %gr2, %lr2
              %v2: f32 = load %x[%rr2, %c2]
              %m2: f32 = load %m[%r2]
              %d2: f32 = sub %v2, %m2
              yield %d2
            }
            yield %t
          }
          return %y
        }
        """;
}
