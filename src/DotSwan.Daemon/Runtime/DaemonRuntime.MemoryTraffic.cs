using DotSwan.Daemon.DataPlane;

namespace DotSwan.Daemon.Runtime;

/// <summary>Packets handed to and taken from the memory data plane, for in-process runs (dotswan demo, tests).</summary>
internal sealed partial class DaemonRuntime
{
    /// <summary>Protects inner packets as if the host sent them; the outer packets. Fails unless the data plane is memory.</summary>
    public Task<IReadOnlyList<byte[]>> ProtectAsync(IReadOnlyList<byte[]> innerPackets) =>
        _loop.InvokeAsync(() => Memory().Protect(innerPackets));

    /// <summary>Verifies and decrypts outer packets as if they arrived; the inner packets delivered. Fails unless the data plane is memory.</summary>
    public Task<IReadOnlyList<byte[]>> DeliverAsync(IReadOnlyList<byte[]> outerPackets) =>
        _loop.InvokeAsync(() => Memory().Deliver(outerPackets));

    private MemoryChildSaDataPlane Memory() => _dataPlane as MemoryChildSaDataPlane
        ?? throw new InvalidOperationException("packets can be injected only with data_plane: memory");
}
