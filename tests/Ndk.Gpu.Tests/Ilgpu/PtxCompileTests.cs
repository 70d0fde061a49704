using System.Reflection;
using System.Text.RegularExpressions;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.OpenCL;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;
using Ndk.Gpu.Ilgpu.Kernels;
using Xunit.Abstractions;

namespace Ndk.Gpu.Tests.Ilgpu;

/// <summary>
/// Compiles every engine kernel to PTX for sm_90 (and to OpenCL C) (H100/H200) without a GPU, with ILGPU's own PTX backend,
/// so that a kernel the CPU simulator accepts but the CUDA backend rejects fails here, not on a lent GPU.
/// Also checks that no kernel spills to local memory (the 8 x 8 accumulators must stay in registers).
/// The PTX is written to $NDK_PTX_DIR when set, for reading.
/// </summary>
public sealed class PtxCompileTests(ITestOutputHelper output)
{
    public static TheoryData<string, bool> Kernels => new()
    {
        { nameof(ForwardKernel), true },
        { nameof(BackwardKernel), true },
        { nameof(LangevinUpdateKernel), true },
        { nameof(ReadoutKernel), true },
        { nameof(OutputDeltaKernel), false },
        { nameof(ReadoutUpdateKernel), false },
        { nameof(InitKernel), false },
    };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void CompilesForSm90WithoutLocalMemory(string kernel, bool explicitlyGrouped)
    {
        using var context = Context.Create(b => b.EnableAlgorithms().Optimize(OptimizationLevel.O1));
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_90),
            CudaArchitecture.SM_90, CudaInstructionSet.ISA_78, null);
        var type = typeof(ForwardKernel).Assembly.GetType($"Ndk.Gpu.Ilgpu.Kernels.{kernel}")!;
        var method = type.GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
        if (method.IsGenericMethodDefinition) method = method.MakeGenericMethod(typeof(Tile16));
        var entry = explicitlyGrouped
            ? EntryPointDescription.FromExplicitlyGroupedKernel(method)
            : EntryPointDescription.FromImplicitlyGroupedKernel(method);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, new KernelSpecialization());
        string ptx = compiled.PTXAssembly;
        if (Environment.GetEnvironmentVariable("NDK_PTX_DIR") is { Length: > 0 } dir)
            File.WriteAllText(Path.Combine(dir, kernel + ".ptx"), ptx);
        int fma = Regex.Matches(ptx, @"\b(fma\.rn\.f32|mul\.f32)").Count;
        output.WriteLine($"{kernel}: {ptx.Length} chars, {Regex.Matches(ptx, @"\n").Count} lines, {fma} f32 mul/fma");
        Assert.Contains(".target sm_", ptx);
        Assert.DoesNotContain(".local", ptx);
    }

    /// <summary>The same kernels through ILGPU's OpenCL C backend (OpenCL 2.0, every capability present).</summary>
    [Theory]
    [MemberData(nameof(Kernels))]
    public void CompilesToOpenClC(string kernel, bool explicitlyGrouped)
    {
        using var context = Context.Create(b => b.EnableAlgorithms().Optimize(OptimizationLevel.O1));
        var ctor = typeof(CLCapabilityContext).GetConstructors()
            .Single(c => c.GetParameters().Length > 0 && c.GetParameters().All(p => p.ParameterType == typeof(bool)));
        var capabilities = (CLCapabilityContext)ctor.Invoke(ctor.GetParameters().Select(_ => (object)true).ToArray());
        using var backend = new CLBackend(context, capabilities, CLDeviceVendor.Nvidia, CLCVersion.CL20);
        var method = typeof(ForwardKernel).Assembly.GetType($"Ndk.Gpu.Ilgpu.Kernels.{kernel}")!
            .GetMethod("Run", BindingFlags.Public | BindingFlags.Static)!;
        if (method.IsGenericMethodDefinition) method = method.MakeGenericMethod(typeof(Tile16));
        var entry = explicitlyGrouped
            ? EntryPointDescription.FromExplicitlyGroupedKernel(method)
            : EntryPointDescription.FromImplicitlyGroupedKernel(method);
        var compiled = (CLCompiledKernel)backend.Compile(entry, new KernelSpecialization());
        output.WriteLine($"{kernel}: {compiled.Source.Length} chars of OpenCL C");
        Assert.Contains("kernel", compiled.Source);
    }
}
