using System.Buffers.Binary;
using System.Net;
using DotSwan.Crypto;
using DotSwan.Ipsec.Lifetimes;
using DotSwan.Ipsec.Spd;

namespace DotSwan.Ipsec.Backends.Xfrm;

/// <summary>
/// Encodes the XFRM netlink requests a Linux kernel backend of <see cref="Driver.IIpsecDriver"/> sends on a NETLINK_XFRM
/// socket: NEWSA/UPDSA (struct xfrm_usersa_info with XFRMA_ALG_AEAD, or XFRMA_ALG_CRYPT and XFRMA_ALG_AUTH_TRUNC, AH with
/// XFRMA_ALG_AUTH_TRUNC alone, XFRMA_ENCAP for UDP encapsulation, XFRMA_REPLAY_ESN_VAL), DELSA and GETSA
/// (struct xfrm_usersa_id), NEWPOLICY (struct xfrm_userpolicy_info with an XFRMA_TMPL) and DELPOLICY
/// (struct xfrm_userpolicy_id). Layouts are those of linux/xfrm.h on x86-64 and arm64 (host byte order, 8-byte aligned
/// u64s); SPIs and ports in network order as the kernel keeps them. Messages carry key material: callers zero them
/// after sending. Configuration problems give false with a reason; nothing here throws on valid settings.
/// </summary>
public static class XfrmMessages
{
    /// <summary>NLM_F_REQUEST.</summary>
    public const ushort FlagRequest = 0x1;

    /// <summary>NLM_F_ACK: the kernel answers with an NLMSG_ERROR carrying 0 or -errno.</summary>
    public const ushort FlagAck = 0x4;

    /// <summary>NLM_F_EXCL: fail if it exists.</summary>
    public const ushort FlagExclusive = 0x200;

    /// <summary>NLM_F_CREATE.</summary>
    public const ushort FlagCreate = 0x400;

    /// <summary>sizeof(struct xfrm_selector).</summary>
    public const int SelectorLength = 56;

    /// <summary>sizeof(struct xfrm_usersa_info).</summary>
    public const int UserSaInfoLength = 224;

    /// <summary>sizeof(struct xfrm_usersa_id).</summary>
    public const int UserSaIdLength = 24;

    /// <summary>sizeof(struct xfrm_userpolicy_info).</summary>
    public const int UserPolicyInfoLength = 168;

    /// <summary>sizeof(struct xfrm_userpolicy_id).</summary>
    public const int UserPolicyIdLength = 64;

    /// <summary>sizeof(struct xfrm_user_tmpl).</summary>
    public const int UserTemplateLength = 64;

    /// <summary>sizeof(struct xfrm_algo) without the key.</summary>
    public const int AlgorithmLength = 68;

    /// <summary>sizeof(struct xfrm_algo_aead) and sizeof(struct xfrm_algo_auth) without the key.</summary>
    public const int AlgorithmWithIcvLength = 72;

    /// <summary>sizeof(struct xfrm_encap_tmpl).</summary>
    public const int EncapsulationTemplateLength = 24;

    /// <summary>sizeof(struct xfrm_replay_state_esn) without the bitmap.</summary>
    public const int ReplayStateEsnLength = 24;

    /// <summary>The largest window struct xfrm_usersa_info's u8 replay_window takes without XFRMA_REPLAY_ESN_VAL (as strongSwan: 32).</summary>
    public const int LegacyReplayWindowLimit = 32;

    private const ushort AddressFamilyIpv4 = 2;
    private const ushort AddressFamilyIpv6 = 10;
    private const byte ModeTransport = 0;
    private const byte ModeTunnel = 1;
    private const byte StateEsn = 128;
    private const ushort UdpEncapEspInUdp = 2;
    private const byte PolicyAllow = 0;
    private const byte PolicyBlock = 1;
    private const int AlgorithmNameLength = 64;

    // Offsets inside struct xfrm_usersa_info (linux/xfrm.h).
    private const int SaIdOffset = 56;
    private const int SaSourceOffset = 80;
    private const int SaLifetimeOffset = 96;
    private const int SaReqIdOffset = 208;
    private const int SaFamilyOffset = 212;
    private const int SaModeOffset = 214;
    private const int SaReplayWindowOffset = 215;
    private const int SaFlagsOffset = 216;

    /// <summary>
    /// XFRM_MSG_NEWSA (or XFRM_MSG_UPDSA with <paramref name="update"/>) for one SA: <paramref name="encryptionKey"/> is the
    /// cipher or AEAD key material with its salt (empty for AH), <paramref name="integrityKey"/> the integrity key.
    /// </summary>
    public static bool TryNewSa(SecurityAssociationSettings settings, uint reqId, ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> integrityKey,
        uint sequence, out byte[] message, out string? error, bool update = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        message = [];
        if (settings.Problem is { } problem)
        {
            error = problem;
            return false;
        }

        var source = PacketAddress.FromIPAddress(settings.Source);
        var destination = PacketAddress.FromIPAddress(settings.Destination);
        if (source.IsIpv6 != destination.IsIpv6)
        {
            error = "the outer source and destination must be of one address family";
            return false;
        }

        ushort flags = update ? (ushort)(FlagRequest | FlagAck) : (ushort)(FlagRequest | FlagAck | FlagCreate | FlagExclusive);
        var writer = new NetlinkMessageWriter(update ? XfrmMessageType.UpdateSa : XfrmMessageType.NewSa, flags, sequence, UserSaInfoLength);
        var sa = writer.Body;
        ushort family = Family(source);
        BinaryPrimitives.WriteUInt16LittleEndian(sa[40..], family); // sel.family: an empty selector of the SA's family
        WriteId(sa[SaIdOffset..], destination, settings.Spi, settings.Protocol);
        source.WriteTo(sa.Slice(SaSourceOffset, 16));
        WriteLifetimes(sa.Slice(SaLifetimeOffset, 64), settings.Lifetimes);
        BinaryPrimitives.WriteUInt32LittleEndian(sa[SaReqIdOffset..], reqId);
        BinaryPrimitives.WriteUInt16LittleEndian(sa[SaFamilyOffset..], family);
        sa[SaModeOffset] = settings.Mode == IpsecMode.Tunnel ? ModeTunnel : ModeTransport;
        bool esnState = settings.ExtendedSequenceNumbers || settings.ReplayWindowSize > LegacyReplayWindowLimit;
        sa[SaReplayWindowOffset] = esnState ? (byte)0 : (byte)settings.ReplayWindowSize;
        sa[SaFlagsOffset] = settings.ExtendedSequenceNumbers ? StateEsn : (byte)0;

        if (settings.Protocol == IpsecProtocol.Ah)
        {
            if (!TryAddIntegrity(writer, settings.Integrity, integrityKey, out error))
            {
                return false;
            }
        }
        else if (XfrmAlgorithmNames.TryGetAead(settings.Encryption, out string aeadName, out int icvBits))
        {
            var aead = writer.AddAttribute(XfrmAttributeType.AeadAlgorithm, AlgorithmWithIcvLength + encryptionKey.Length);
            NetlinkMessageWriter.WriteName(aead[..AlgorithmNameLength], aeadName);
            BinaryPrimitives.WriteUInt32LittleEndian(aead[64..], (uint)(encryptionKey.Length * 8));
            BinaryPrimitives.WriteUInt32LittleEndian(aead[68..], (uint)icvBits);
            encryptionKey.CopyTo(aead[AlgorithmWithIcvLength..]);
        }
        else if (XfrmAlgorithmNames.TryGetCipher(settings.Encryption, out string cipherName))
        {
            var cipher = writer.AddAttribute(XfrmAttributeType.EncryptionAlgorithm, AlgorithmLength + encryptionKey.Length);
            NetlinkMessageWriter.WriteName(cipher[..AlgorithmNameLength], cipherName);
            BinaryPrimitives.WriteUInt32LittleEndian(cipher[64..], (uint)(encryptionKey.Length * 8));
            encryptionKey.CopyTo(cipher[AlgorithmLength..]);
            if (!TryAddIntegrity(writer, settings.Integrity, integrityKey, out error))
            {
                return false;
            }
        }
        else
        {
            error = $"no kernel name for encryption algorithm {settings.Encryption}";
            return false;
        }

        if (settings.UdpEncapsulation is { } ports)
        {
            var encap = writer.AddAttribute(XfrmAttributeType.Encapsulation, EncapsulationTemplateLength);
            BinaryPrimitives.WriteUInt16LittleEndian(encap, UdpEncapEspInUdp);
            BinaryPrimitives.WriteUInt16BigEndian(encap[2..], ports.SourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(encap[4..], ports.DestinationPort);
        }

        if (esnState)
        {
            // The bitmap in 32-bit words; the kernel starts it empty and counts from sequence 0.
            int words = (settings.ReplayWindowSize + 31) / 32;
            var esn = writer.AddAttribute(XfrmAttributeType.ReplayStateEsn, ReplayStateEsnLength + (words * 4));
            BinaryPrimitives.WriteUInt32LittleEndian(esn, (uint)words);
            BinaryPrimitives.WriteUInt32LittleEndian(esn[20..], (uint)settings.ReplayWindowSize);
        }

        message = writer.ToArray();
        error = null;
        return true;
    }

    /// <summary>XFRM_MSG_DELSA for the SA (destination, SPI, protocol).</summary>
    public static byte[] DeleteSa(PacketAddress destination, uint spi, IpsecProtocol protocol, uint sequence)
        => UserSaId(XfrmMessageType.DeleteSa, (ushort)(FlagRequest | FlagAck), destination, spi, protocol, sequence);

    /// <summary>XFRM_MSG_GETSA for the SA (destination, SPI, protocol): the kernel answers with a NEWSA carrying its counters.</summary>
    public static byte[] GetSa(PacketAddress destination, uint spi, IpsecProtocol protocol, uint sequence)
        => UserSaId(XfrmMessageType.GetSa, FlagRequest, destination, spi, protocol, sequence);

    /// <summary>
    /// XFRM_MSG_NEWPOLICY: Protect policies become ALLOW with one template for <paramref name="protocol"/> (outer addresses
    /// from the policy's <see cref="SaTemplate"/>, required in tunnel mode), Bypass ALLOW without template, Discard BLOCK.
    /// Port ranges must be one port or any (the kernel's selector has a port and a mask).
    /// </summary>
    public static bool TryNewPolicy(SecurityPolicy policy, IpsecProtocol protocol, uint sequence, out byte[] message, out string? error)
    {
        ArgumentNullException.ThrowIfNull(policy);
        message = [];
        var writer = new NetlinkMessageWriter(XfrmMessageType.NewPolicy, (ushort)(FlagRequest | FlagAck | FlagCreate | FlagExclusive), sequence, UserPolicyInfoLength);
        var body = writer.Body;
        if (!TryWriteSelector(body[..SelectorLength], policy.Selector, policy.Direction, out error))
        {
            return false;
        }

        WriteLifetimes(body.Slice(SelectorLength, 64), SaLifetimes.Unlimited);
        if (policy.Priority < 0)
        {
            error = $"priority {policy.Priority}: the kernel's is unsigned (lower is preferred)";
            return false;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(body[152..], (uint)policy.Priority);
        body[160] = Direction(policy.Direction);
        body[161] = policy.Action == PolicyAction.Discard ? PolicyBlock : PolicyAllow;
        if (policy.Action == PolicyAction.Protect && policy.Template is { } template)
        {
            if (!TryAddTemplate(writer, policy.Direction, template, protocol, out error))
            {
                return false;
            }
        }

        message = writer.ToArray();
        error = null;
        return true;
    }

    /// <summary>XFRM_MSG_DELPOLICY by selector and direction (index 0: the kernel matches the selector).</summary>
    public static bool TryDeletePolicy(PolicySelector selector, PolicyDirection direction, uint sequence, out byte[] message, out string? error)
    {
        ArgumentNullException.ThrowIfNull(selector);
        message = [];
        var writer = new NetlinkMessageWriter(XfrmMessageType.DeletePolicy, (ushort)(FlagRequest | FlagAck), sequence, UserPolicyIdLength);
        var body = writer.Body;
        if (!TryWriteSelector(body[..SelectorLength], selector, direction, out error))
        {
            return false;
        }

        body[60] = Direction(direction);
        message = writer.ToArray();
        return true;
    }

    private static byte[] UserSaId(XfrmMessageType type, ushort flags, PacketAddress destination, uint spi, IpsecProtocol protocol, uint sequence)
    {
        var writer = new NetlinkMessageWriter(type, flags, sequence, UserSaIdLength);
        var id = writer.Body;
        destination.WriteTo(id[..16]);
        BinaryPrimitives.WriteUInt32BigEndian(id[16..], spi);
        BinaryPrimitives.WriteUInt16LittleEndian(id[20..], Family(destination));
        id[22] = (byte)protocol;
        return writer.ToArray();
    }

    private static bool TryAddIntegrity(NetlinkMessageWriter writer, IntegrityAlgorithm integrity, ReadOnlySpan<byte> key, out string? error)
    {
        if (!XfrmAlgorithmNames.TryGetIntegrity(integrity, out string name, out int truncationBits))
        {
            error = $"no kernel name for integrity algorithm {integrity}";
            return false;
        }

        var auth = writer.AddAttribute(XfrmAttributeType.TruncatedAuthenticationAlgorithm, AlgorithmWithIcvLength + key.Length);
        NetlinkMessageWriter.WriteName(auth[..AlgorithmNameLength], name);
        BinaryPrimitives.WriteUInt32LittleEndian(auth[64..], (uint)(key.Length * 8));
        BinaryPrimitives.WriteUInt32LittleEndian(auth[68..], (uint)truncationBits);
        key.CopyTo(auth[AlgorithmWithIcvLength..]);
        error = null;
        return true;
    }

    private static bool TryAddTemplate(NetlinkMessageWriter writer, PolicyDirection direction, SaTemplate template, IpsecProtocol protocol, out string? error)
    {
        // The SA a policy asks for runs from the sender's outer address to the receiver's.
        bool outbound = direction == PolicyDirection.Out;
        IPAddress? saSource = outbound ? template.LocalOuter : template.RemoteOuter;
        IPAddress? saDestination = outbound ? template.RemoteOuter : template.LocalOuter;
        if (template.Mode == IpsecMode.Tunnel && (saSource is null || saDestination is null))
        {
            error = "a tunnel-mode template needs both outer addresses";
            return false;
        }

        var tmpl = writer.AddAttribute(XfrmAttributeType.Template, UserTemplateLength);
        ushort family = AddressFamilyIpv4;
        if (saDestination is not null && saSource is not null)
        {
            var destination = PacketAddress.FromIPAddress(saDestination);
            var source = PacketAddress.FromIPAddress(saSource);
            if (source.IsIpv6 != destination.IsIpv6)
            {
                error = "the template's outer addresses must be of one address family";
                return false;
            }

            destination.WriteTo(tmpl[..16]);
            source.WriteTo(tmpl.Slice(28, 16));
            family = Family(destination);
        }

        tmpl[20] = (byte)protocol;
        BinaryPrimitives.WriteUInt16LittleEndian(tmpl[24..], family);
        BinaryPrimitives.WriteUInt32LittleEndian(tmpl[44..], template.ReqId);
        tmpl[48] = template.Mode == IpsecMode.Tunnel ? ModeTunnel : ModeTransport;
        BinaryPrimitives.WriteUInt32LittleEndian(tmpl[52..], uint.MaxValue); // aalgos: any
        BinaryPrimitives.WriteUInt32LittleEndian(tmpl[56..], uint.MaxValue); // ealgos
        BinaryPrimitives.WriteUInt32LittleEndian(tmpl[60..], uint.MaxValue); // calgos
        error = null;
        return true;
    }

    // struct xfrm_selector: daddr, saddr, dport, dport_mask, sport, sport_mask (network order), family, prefixlen_d,
    // prefixlen_s, proto, ifindex, user. For Out the packet's source is local; for In and Forward it is remote.
    private static bool TryWriteSelector(Span<byte> selector, PolicySelector policy, PolicyDirection direction, out string? error)
    {
        bool outbound = direction == PolicyDirection.Out;
        var source = outbound ? policy.Local : policy.Remote;
        var destination = outbound ? policy.Remote : policy.Local;
        var sourcePorts = outbound ? policy.LocalPorts : policy.RemotePorts;
        var destinationPorts = outbound ? policy.RemotePorts : policy.LocalPorts;
        if (!TryPortMask(destinationPorts, out ushort dport, out ushort dmask) || !TryPortMask(sourcePorts, out ushort sport, out ushort smask))
        {
            error = $"port ranges {policy.LocalPorts} / {policy.RemotePorts}: the kernel's selector takes one port or any";
            return false;
        }

        destination.Address.WriteTo(selector[..16]);
        source.Address.WriteTo(selector.Slice(16, 16));
        BinaryPrimitives.WriteUInt16BigEndian(selector[32..], dport);
        BinaryPrimitives.WriteUInt16LittleEndian(selector[34..], dmask);
        BinaryPrimitives.WriteUInt16BigEndian(selector[36..], sport);
        BinaryPrimitives.WriteUInt16LittleEndian(selector[38..], smask);
        BinaryPrimitives.WriteUInt16LittleEndian(selector[40..], Family(source.Address));
        selector[42] = (byte)destination.PrefixLength;
        selector[43] = (byte)source.PrefixLength;
        selector[44] = policy.Protocol ?? 0;
        error = null;
        return true;
    }

    private static bool TryPortMask(PortRange range, out ushort port, out ushort mask)
    {
        (port, mask) = range.IsAny ? ((ushort)0, (ushort)0) : (range.Start, ushort.MaxValue);
        return range.IsAny || range.Start == range.End;
    }

    // struct xfrm_lifetime_cfg: soft/hard byte limits, soft/hard packet limits (XFRM_INF = unlimited), soft/hard add
    // expiry in seconds (0 = none), soft/hard use expiry (unused).
    private static void WriteLifetimes(Span<byte> lifetime, SaLifetimes lifetimes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime, lifetimes.Soft.Bytes ?? ulong.MaxValue);
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[8..], lifetimes.Hard.Bytes ?? ulong.MaxValue);
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[16..], lifetimes.Soft.Packets ?? ulong.MaxValue);
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[24..], lifetimes.Hard.Packets ?? ulong.MaxValue);
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[32..], Seconds(lifetimes.Soft.Time));
        BinaryPrimitives.WriteUInt64LittleEndian(lifetime[40..], Seconds(lifetimes.Hard.Time));
    }

    private static ulong Seconds(TimeSpan? time) => time is { } t ? (ulong)Math.Max(1, Math.Ceiling(t.TotalSeconds)) : 0;

    private static void WriteId(Span<byte> id, PacketAddress destination, uint spi, IpsecProtocol protocol)
    {
        destination.WriteTo(id[..16]);
        BinaryPrimitives.WriteUInt32BigEndian(id[16..], spi);
        id[20] = (byte)protocol;
    }

    private static ushort Family(PacketAddress address) => address.IsIpv6 ? AddressFamilyIpv6 : AddressFamilyIpv4;

    private static byte Direction(PolicyDirection direction) => direction switch
    {
        PolicyDirection.In => 0,
        PolicyDirection.Out => 1,
        _ => 2,
    };
}
