using ILGPU;
using ILGPU.Runtime;
using Ndk.Gpu.Ilgpu.Kernels;

namespace Ndk.Gpu.Ilgpu;

/// <summary>
/// Every kernel of the engine, compiled once per accelerator (loading compiles; keep the delegates), and
/// the launch geometry that suits the accelerator: the tiled products use T x T groups (8T x 8T output tiles)
/// with T = 16 where groups of 256 threads are allowed (GPUs), T = 8 where 64 are, T = 4 on ILGPU's default CPU
/// simulator (16 threads per group) and T = 2 on smaller simulators. T is a type argument (<see cref="ITileSize"/>), a constant to the compiler.
/// </summary>
internal sealed class IlgpuKernelSet
{
    public int LogTile { get; }
    public int Tile => 1 << LogTile;
    /// <summary>Output tile side 8T of the tiled products.</summary>
    public int Wide => GemmTile.Rows << LogTile;
    public int ReadoutGroup { get; }

    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, float> Forward { get; private set; }
    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, float> Backward { get; private set; }
    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, UpdateCoefficients, ulong, long> Update { get; private set; }
    public Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, float> Readout { get; }
    public Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, float> OutputDelta { get; }
    public Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, UpdateCoefficients, ulong, long> ReadoutUpdate { get; }
    public Action<Index2D, ArrayView<float>, KernelDims, KernelOffsets, ulong, float> Init { get; }

    public IlgpuKernelSet(Accelerator accelerator)
    {
        int maxGroup = accelerator.MaxNumThreadsPerGroup;
        LogTile = maxGroup >= 256 ? 4 : maxGroup >= 64 ? 3 : maxGroup >= 16 ? 2 : 1;
        int g = 1;
        while (g * 2 <= Math.Min(maxGroup, 128)) g *= 2;
        ReadoutGroup = g;

        switch (LogTile)
        {
            case 4: LoadTiled<Tile16>(accelerator); break;
            case 3: LoadTiled<Tile8>(accelerator); break;
            case 2: LoadTiled<Tile4>(accelerator); break;
            default: LoadTiled<Tile2>(accelerator); break;
        }
        Readout = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, float>(ReadoutKernel.Run);
        OutputDelta = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, float>(OutputDeltaKernel.Run);
        ReadoutUpdate = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, UpdateCoefficients, ulong, long>(ReadoutUpdateKernel.Run);
        Init = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, KernelDims, KernelOffsets, ulong, float>(InitKernel.Run);
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Forward), nameof(Backward), nameof(Update))]
    void LoadTiled<TTile>(Accelerator accelerator) where TTile : struct, ITileSize
    {
        Forward = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, float>(ForwardKernel.Run<TTile>);
        Backward = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, float>(BackwardKernel.Run<TTile>);
        Update = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, KernelDims, KernelOffsets, UpdateCoefficients, ulong, long>(LangevinUpdateKernel.Run<TTile>);
    }

    /// <summary>Launch configuration of a tiled product with the given output rows and columns, for E members.</summary>
    public KernelConfig TiledConfig(int rows, int cols, int members) =>
        new(new Index3D(Ceil(cols, Wide), Ceil(rows, Wide), members),
            new Index3D(Tile, Tile, 1),
            SharedMemoryConfig.RequestDynamic<float>(GemmTile.SharedFloats(Tile)));

    public KernelConfig ReadoutConfig(int points, int members) =>
        new(new Index2D(points, members), new Index2D(ReadoutGroup, 1));

    static int Ceil(int a, int b) => (a + b - 1) / b;
}
