using KernelC.Runtime.Cuda;

namespace KernelC.Runtime.Devices;

/// <summary>The in-process timing loop of `kernelc bench` (BenchmarkDotNet is not used for the GPU table): one
/// warm-up call, then <c>repeats</c> timed calls, each between two CUDA events on stream 0; the median in ms.</summary>
public static class GpuTiming
{
    public static double MedianMs(CudaSession session, Action enqueue, int repeats)
    {
        var start = session.CreateEvent();
        var end = session.CreateEvent();
        try
        {
            enqueue();
            session.Synchronize("warm-up");
            var times = new List<double>();
            for (int i = 0; i < repeats; i++)
            {
                session.Record(start);
                enqueue();
                session.Record(end);
                times.Add(session.Elapsed(start, end));
            }
            session.Synchronize("timing");
            times.Sort();
            return times[times.Count / 2];
        }
        finally
        {
            session.DestroyEvent(start);
            session.DestroyEvent(end);
        }
    }
}
