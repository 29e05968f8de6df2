using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ipsec;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Lifetimes;

namespace DotSwan.Daemon.DataPlane;

/// <summary>
/// Turns one direction of an engine's <see cref="InstallChildSa"/> into the IPsec driver's install request: the one
/// place where IKE's view of a Child SA (suite, mode, keys) becomes an SA of the driver, for IKEv2 and IKEv1 alike.
/// </summary>
internal static class ChildSaInstallRequest
{
    /// <summary>The request for the SA of <paramref name="direction"/>; the driver takes the keys over.</summary>
    public static SaInstallRequest For(InstallChildSa install, SaDirection direction, ChildSaDirectionKeys keys, IPAddress source,
        IPAddress destination, UdpEncapsulationPorts? ports, SaLifetimes lifetimes)
    {
        var settings = new SecurityAssociationSettings
        {
            Spi = keys.Spi,
            Direction = direction,
            Source = source,
            Destination = destination,
            Encryption = install.Encryption.Algorithm,
            EncryptionKeyLengthBits = install.Encryption.KeyLength,
            Integrity = install.Integrity ?? IntegrityAlgorithm.None,
            ExtendedSequenceNumbers = install.ExtendedSequenceNumbers,
            Mode = install.Mode == ChildSaMode.Tunnel ? IpsecMode.Tunnel : IpsecMode.Transport,
            UdpEncapsulation = ports,
            Lifetimes = lifetimes,
            Protocol = install.Protocol == Ike.Proposals.ProposalProtocol.Ah ? IpsecProtocol.Ah : IpsecProtocol.Esp,
        };
        return new SaInstallRequest(settings, 0, keys.EncryptionKey, keys.IntegrityKey);
    }
}
