using System.Buffers.Binary;
using DotSwan.Crypto;
using DotSwan.Crypto.Kdf;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.Proposals.Ikev1;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// What both Quick Mode roles share: the transforms we offer or accept (encapsulation mode after NAT detection, PFS
/// group), HASH(1)/(2)/(3), the KEYMAT of the SA pair and handing it to the IPsec driver (RFC 2409 §5.5, RFC 3947 §5).
/// </summary>
internal static class QuickModeKeying
{
    public const int NonceLength = 32;

    public static EncapsulationMode Encapsulation(ChildSaMode mode, bool nat) => (mode, nat) switch
    {
        (ChildSaMode.Tunnel, false) => EncapsulationMode.Tunnel,
        (ChildSaMode.Tunnel, true) => EncapsulationMode.UdpEncapsulatedTunnel,
        (_, false) => EncapsulationMode.Transport,
        _ => EncapsulationMode.UdpEncapsulatedTransport,
    };

    public static ChildSaMode ModeOf(EncapsulationMode mode) =>
        mode is EncapsulationMode.Transport or EncapsulationMode.UdpEncapsulatedTransport or EncapsulationMode.UdpEncapsulatedTransportDraft
            ? ChildSaMode.Transport
            : ChildSaMode.Tunnel;

    public static bool IsUdpEncapsulated(EncapsulationMode mode) => mode is EncapsulationMode.UdpEncapsulatedTunnel
        or EncapsulationMode.UdpEncapsulatedTransport or EncapsulationMode.UdpEncapsulatedTunnelDraft or EncapsulationMode.UdpEncapsulatedTransportDraft;

    /// <summary>Our ESP transforms for this ISAKMP SA: NAT-aware mode, session-key PFS with the phase 1 group when the proposals name none.</summary>
    public static List<Ikev1QuickModeTransform> Offers(IsakmpSa sa)
    {
        var connection = sa.Connection;
        var protection = connection.KeyProtection;
        var mode = Encapsulation(connection.Mode, sa.NatDetected);
        var transforms = QuickModeAh.Transforms(sa, mode)
            .Select(t => protection.SessionKeyPfs && t.Pfs == KeyExchangeMethod.None ? t with { Pfs = sa.Chosen!.Group } : t)
            .Where(t => (t.Protocol == IpsecProtocolId.Ah || sa.Registry.IsSupported(t.Encryption.Algorithm, t.Encryption.KeyLength))
                && (t.Integrity == IntegrityAlgorithm.None || sa.Registry.TryDescribeIntegrity(t.Integrity, out _))
                && (t.Pfs == KeyExchangeMethod.None || sa.Registry.IsSupported(t.Pfs)))
            .ToList();
        return transforms;
    }

    /// <summary>
    /// What we accept as responder: our offers, plus the same with any PFS group the peer asks for when we ask for none
    /// (more PFS is never weaker), plus the draft UDP encapsulation numbers under NAT.
    /// </summary>
    public static List<Ikev1QuickModeTransform> Acceptable(IsakmpSa sa, SecurityAssociationPayload peer)
    {
        var offers = Offers(sa);
        var groups = peer.Proposals.SelectMany(p => p.Transforms)
            .Select(t => t.Find(IpsecAttributeType.GroupDescription) is { } a && a.TryGetInteger(out ulong g) ? (KeyExchangeMethod)Math.Min(g, ushort.MaxValue) : KeyExchangeMethod.None)
            .Where(g => g != KeyExchangeMethod.None && sa.Registry.IsSupported(g)).Distinct().Take(8).ToList();
        var result = new List<Ikev1QuickModeTransform>(offers);
        foreach (var offer in offers.Where(o => o.Pfs == KeyExchangeMethod.None && !sa.Connection.KeyProtection.SessionKeyPfs))
        {
            result.AddRange(groups.Select(g => offer with { Pfs = g }));
        }
        if (sa.NatDetected)
        {
            result.AddRange(result.Select(t => t with
            {
                Mode = t.Mode == EncapsulationMode.UdpEncapsulatedTunnel ? EncapsulationMode.UdpEncapsulatedTunnelDraft : EncapsulationMode.UdpEncapsulatedTransportDraft,
            }).ToList());
        }
        return result;
    }

    public static byte[] Hash1(IsakmpSa sa, uint messageId, ReadOnlySpan<byte> rest)
    {
        var p = sa.Protection!;
        var hash = new byte[p.Prf.OutputLength];
        return Ikev1Hashes.TryComputeQuickModeHash1(p.Prf, p.Keys.SkeyidA.ReadOnlySpan, messageId, rest, hash, out var error)
            ? hash : throw new InvalidOperationException(error.Detail);
    }

    public static byte[] Hash2(IsakmpSa sa, uint messageId, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> rest)
    {
        var p = sa.Protection!;
        var hash = new byte[p.Prf.OutputLength];
        return Ikev1Hashes.TryComputeQuickModeHash2(p.Prf, p.Keys.SkeyidA.ReadOnlySpan, messageId, ni, rest, hash, out var error)
            ? hash : throw new InvalidOperationException(error.Detail);
    }

    public static byte[] Hash3(IsakmpSa sa, uint messageId, ReadOnlySpan<byte> ni, ReadOnlySpan<byte> nr)
    {
        var p = sa.Protection!;
        var hash = new byte[p.Prf.OutputLength];
        return Ikev1Hashes.TryComputeQuickModeHash3(p.Prf, p.Keys.SkeyidA.ReadOnlySpan, messageId, ni, nr, hash, out var error)
            ? hash : throw new InvalidOperationException(error.Detail);
    }

    public static byte[] Spi(uint spi)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, spi);
        return bytes;
    }

    /// <summary>KEYMAT for both directions: the initiator→responder SA is keyed with the responder's SPI (RFC 2409 §5.5).</summary>
    public static bool TryDeriveKeys(IsakmpSa sa, QuickModeExchange qm, out ChildSaKeys? keys, out string reason)
    {
        keys = null;
        var chosen = qm.Chosen!;
        // AH (RFC 2409 §5.5 KEYMAT for protocol AH) keys only its integrity algorithm.
        int encryptionLength = 0;
        CryptoError error;
        if (chosen.Protocol != IpsecProtocolId.Ah)
        {
            if (!sa.Registry.TryDescribeEncryption(chosen.Encryption.Algorithm, chosen.Encryption.KeyLength, out var info, out error))
            {
                reason = error.Detail;
                return false;
            }
            encryptionLength = info.KeyMaterialLength;
        }
        var lengths = new ChildSaKeyLengths(encryptionLength, chosen.Integrity == IntegrityAlgorithm.None ? 0 : sa.Registry.IntegrityKeyLength(chosen.Integrity));
        uint initiatorSpi = qm.IsInitiator ? qm.InboundSpi : qm.OutboundSpi;
        uint responderSpi = qm.IsInitiator ? qm.OutboundSpi : qm.InboundSpi;
        var p = sa.Protection!;
        if (!Ikev1KeyDerivation.TryDeriveQuickModeKeys(p.Prf, p.Keys.SkeyidD.ReadOnlySpan, qm.PfsSecret is null ? default : qm.PfsSecret.ReadOnlySpan,
            (byte)chosen.Protocol, initiatorSpi, responderSpi, qm.Ni, qm.Nr, lengths, out keys, out error))
        {
            reason = $"KEYMAT: {error.Detail}";
            return false;
        }
        reason = "";
        return true;
    }

    /// <summary>Hands the pair to the IPsec driver and records it; a rekey we initiated retires the pair it replaces.</summary>
    public static void Install(IsakmpSa sa, QuickModeExchange qm, ChildSaKeys keys, DateTimeOffset now, List<EngineOutput> outputs)
    {
        var chosen = qm.Chosen!;
        var (inE, inA) = qm.IsInitiator ? (keys.ResponderEncryptionKey, keys.ResponderIntegrityKey) : (keys.InitiatorEncryptionKey, keys.InitiatorIntegrityKey);
        var (outE, outA) = qm.IsInitiator ? (keys.InitiatorEncryptionKey, keys.InitiatorIntegrityKey) : (keys.ResponderEncryptionKey, keys.ResponderIntegrityKey);
        var mode = ModeOf(chosen.Mode);
        IReadOnlyList<TrafficSelectors.TrafficSelector> local = [qm.LocalTrafficSelector];
        IReadOnlyList<TrafficSelectors.TrafficSelector> remote = [qm.RemoteTrafficSelector];
        var suite = chosen.ToSuite();
        outputs.Add(new InstallChildSa(sa.Id, sa.Local, sa.Remote, mode, chosen.Encryption,
            chosen.Integrity == IntegrityAlgorithm.None ? null : chosen.Integrity, chosen.Esn == ExtendedSequenceNumbers.Extended,
            new ChildSaDirectionKeys(qm.InboundSpi, inE, inA), new ChildSaDirectionKeys(qm.OutboundSpi, outE, outA), local, remote, suite)
        {
            // RFC 3948: ESP in UDP between the floated IKE ports.
            UdpEncapsulation = IsUdpEncapsulated(chosen.Mode) ? new UdpEncapsulation((ushort)sa.Local.Port, (ushort)sa.Remote.Port) : null,
            Protocol = chosen.Protocol == IpsecProtocolId.Ah ? ProposalProtocol.Ah : ProposalProtocol.Esp,
        });
        outputs.Add(new ChildSaEstablished(sa.Id, sa.Connection.Name, qm.InboundSpi, qm.OutboundSpi,
            $"{suite} {chosen.Mode} {qm.LocalTrafficSelector} === {qm.RemoteTrafficSelector} lifetime {chosen.Lifetime.TotalSeconds:0}s"
            + (qm.LifeKilobytes > 0 ? $"/{qm.LifeKilobytes}KB" : "")));
        sa.Children.Add(new Ikev1ChildSa
        {
            InboundSpi = qm.InboundSpi,
            OutboundSpi = qm.OutboundSpi,
            IsQuickModeInitiator = qm.IsInitiator,
            EstablishedAt = now,
            Lifetime = chosen.Lifetime,
            LifeKilobytes = qm.LifeKilobytes,
            LocalTrafficSelectors = local,
            RemoteTrafficSelectors = remote,
            Mode = mode,
            Protocol = chosen.Protocol,
        });
        if (qm.Replaces is { } old && qm.IsInitiator)
        {
            InformationalExchange.DeleteChildren(sa, [old], "rekeyed", now, outputs);
        }
    }
}
