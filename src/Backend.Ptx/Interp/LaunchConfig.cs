namespace KernelC.Backend.Ptx.Interp;

/// <summary>A launch: grid and block extents and the dynamic shared memory size in bytes.</summary>
public readonly record struct LaunchConfig(int GridX, int GridY, int GridZ, int BlockX, int BlockY, int BlockZ,
    int DynamicSharedBytes)
{
    public int ThreadsPerBlock => BlockX * BlockY * BlockZ;
}
