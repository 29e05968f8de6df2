using System.Threading.Channels;
using DotSwan.Ipsec.Spd;

namespace DotSwan.Ipsec.Driver;

/// <summary>
/// What IKE engines and the daemon use to program an IPsec data plane (memory, TUN, later the kernel): SAs, policies,
/// counters, and the events coming back. Control operations never throw for a bad request: they return a
/// <see cref="DriverResult"/>.
/// <para>
/// Rekeying: install the new inbound SA next to the old one (both accept packets), then install the new outbound SA with
/// the same request id — outbound traffic switches to it at once — and delete the old SAs when the IKE exchange says so.
/// </para>
/// <para>
/// Events are delivered through a <see cref="Channel{T}"/>: the driver writes without blocking (unbounded), one consumer
/// (the daemon's event loop or a test) reads <see cref="Events"/> at its own pace; nothing calls back into the IKE side.
/// </para>
/// </summary>
public interface IIpsecDriver
{
    /// <summary>Acquire, soft and hard expiry and sequence overflow events, in the order they happened.</summary>
    ChannelReader<IpsecEvent> Events { get; }

    /// <summary>
    /// Installs an SA. An outbound SA becomes the one used for its request id right away (replacing the previous one for new
    /// packets; the previous stays installed until deleted) and releases packets queued by an acquire.
    /// </summary>
    DriverResult InstallSa(SaInstallRequest request);

    /// <summary>
    /// Replaces the installed SA <paramref name="existing"/> by <paramref name="replacement"/> (new outer addresses or UDP
    /// ports after MOBIKE or a NAT change), keeping the outbound sequence number.
    /// </summary>
    DriverResult UpdateSa(SaId existing, SaInstallRequest replacement);

    /// <summary>Deletes an SA and zeroes its keys.</summary>
    DriverResult DeleteSa(SaId sa);

    /// <summary>Installs a policy, replacing one with the same id atomically.</summary>
    DriverResult InstallPolicy(SecurityPolicy policy);

    /// <summary>Deletes a policy (packets held for its acquire are dropped).</summary>
    DriverResult DeletePolicy(uint policyId);

    /// <summary>Reads the counters of an installed SA; false if it is not installed.</summary>
    bool TryQueryCounters(SaId sa, out SaCounterSnapshot counters);
}
