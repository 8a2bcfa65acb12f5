namespace KernelC.Runtime.Cuda;

/// <summary>The unfused attention baseline for `kernelc bench`: per head h of <c>heads</c>, S_h = Q_h·K_hᵀ/√d
/// (cublasGemmStridedBatchedEx, α = 1/√d), P_h = softmax rows of S_h in place (<see cref="SoftmaxPtx"/>, causal
/// optional), O_h = P_h·V_h (cublasGemmStridedBatchedEx); all row-major, CUBLAS_COMPUTE_32F, data in f32 or f16.
/// Memory: S holds heads·n² elements.</summary>
public sealed class AttentionBaseline : IDisposable
{
    public const int SoftmaxThreads = 256;
    private readonly CudaSession _session;
    private readonly IGemmLibrary _blas;
    private readonly CudaModule _module;
    private readonly IntPtr _softmax;
    private readonly ulong _q, _k, _v, _s, _o;
    private readonly int _heads, _n, _d;
    private readonly bool _causal;
    private readonly DeviceBuffers.Element _element;

    public AttentionBaseline(CudaSession session, IGemmLibrary blas, int heads, int n, int d, DeviceBuffers.Element element, bool causal)
    {
        if (element == DeviceBuffers.Element.BF16) throw new ArgumentException("the softmax PTX reads f32 or f16", nameof(element));
        (_session, _blas, _heads, _n, _d, _causal, _element) = (session, blas, heads, n, d, causal, element);
        _module = session.LoadPtx(SoftmaxPtx.Text(element == DeviceBuffers.Element.F16, SoftmaxThreads));
        _softmax = _module.Function(SoftmaxPtx.Entry);
        long qkv = (long)heads * n * d, s = (long)heads * n * n;
        int es = DeviceBuffers.Size(element);
        _q = Filled(qkv, 1);
        _k = Filled(qkv, 2);
        _v = Filled(qkv, 3);
        _s = session.Alloc(s * es);
        _o = session.Alloc(qkv * es);
    }

    private ulong Filled(long count, int seed)
    {
        var p = _session.Alloc(count * DeviceBuffers.Size(_element));
        _session.CopyIn(p, DeviceBuffers.Random(_element, count, seed));
        return p;
    }

    /// <summary>One forward pass, enqueued on stream 0 (no synchronization; time it with events).</summary>
    public void Enqueue()
    {
        int type = DeviceBuffers.CudaType(_element);
        long nd = (long)_n * _d, nn = (long)_n * _n;
        _blas.GemmStridedBatched(new RowMajorGemm(_n, _n, _d, false, true), _q, nd, _k, nd, _s, nn, _heads, type, 1 / MathF.Sqrt(_d));
        using (var args = new KernelArguments([KernelArguments.U64(_s), KernelArguments.U64(_s), KernelArguments.U32((uint)_n),
                   KernelArguments.U32(_causal ? 1u : 0u)]))
            _session.Launch(_softmax, SoftmaxPtx.Entry, ((uint)(_heads * _n), 1, 1), (SoftmaxThreads, 1, 1), 0, args);
        _blas.GemmStridedBatched(new RowMajorGemm(_n, _d, _n, false, false), _s, nn, _v, nd, _o, nd, _heads, type);
    }

    public void Dispose()
    {
        foreach (var p in new[] { _q, _k, _v, _s, _o }) _session.Free(p);
        _module.Dispose();
    }
}
