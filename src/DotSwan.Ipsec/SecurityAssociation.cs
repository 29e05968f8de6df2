using System.Buffers.Binary;
using System.Security.Cryptography;
using DotSwan.Crypto;
using DotSwan.Ipsec.Ah;
using DotSwan.Ipsec.Encapsulation;
using DotSwan.Ipsec.Esp;
using DotSwan.Ipsec.Lifetimes;
using DotSwan.Ipsec.Replay;
using DotSwan.Ipsec.Sad;

namespace DotSwan.Ipsec;

/// <summary>
/// One direction of an IPsec Child SA (RFC 4301 §4.1) with ESP (RFC 4303) or AH (RFC 4302): its settings, keyed transforms, the outbound
/// sequence counter or the inbound anti-replay window, lifetime accounting and counters.
/// <para>
/// The data path (<see cref="TryEncapsulate"/>, <see cref="TryDecapsulate"/>) works in caller-provided buffers,
/// allocates nothing and never throws on packet bytes. It is not thread-safe: one worker processes an SA at a time
/// (the daemon shards SAs by SPI). <see cref="Counters"/>, <see cref="HasPendingExpiry"/> and <see cref="CheckLifetime"/>
/// may be used from other threads.
/// </para>
/// <para>Disposing zeroes the keys. Dispose only when no worker can still be using the SA (after removing it from the SAD).</para>
/// </summary>
public sealed class SecurityAssociation : IDisposable
{
    private const int NotReached = 0;

    private readonly EspTransform _transform;
    private readonly ReplayWindow? _replayWindow;
    private readonly DateTimeOffset _createdAt;
    private readonly ulong _softBytes;
    private readonly ulong _softPackets;
    private readonly ulong _hardBytes;
    private readonly ulong _hardPackets;
    private readonly int _ahHeaderLength;

    private ulong _nextSequence = 1;
    private bool _sequenceExhausted;
    private ulong _lifetimeBytes;
    private ulong _lifetimePackets;

    // 0 when not reached, else 1 + (int)SaExpiryTrigger; written once by CompareExchange.
    private int _softReached;
    private int _hardReached;
    private int _softReported;
    private int _hardReported;
    private volatile bool _disposed;

    /// <summary>Creates an SA around already keyed transforms (it takes ownership of <paramref name="transform"/>).</summary>
    /// <param name="settings">What was negotiated.</param>
    /// <param name="transform">The keyed transforms.</param>
    /// <param name="now">The current time: lifetimes count from it.</param>
    public SecurityAssociation(SecurityAssociationSettings settings, EspTransform transform, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(transform);
        if (settings.Problem is { } problem)
        {
            throw new ArgumentException(problem, nameof(settings));
        }

        if (transform.IsAuthenticationHeader != (settings.Protocol == IpsecProtocol.Ah))
        {
            throw new ArgumentException($"a {settings.Protocol} SA needs {(settings.Protocol == IpsecProtocol.Ah ? "an AH" : "an ESP")} transform", nameof(transform));
        }

        Settings = settings;
        _transform = transform;
        _createdAt = now;
        if (settings.Direction == SaDirection.Inbound)
        {
            _replayWindow = new ReplayWindow(settings.ReplayWindowSize, settings.ExtendedSequenceNumbers);
        }

        _softBytes = settings.Lifetimes.Soft.BytesOrMax;
        _softPackets = settings.Lifetimes.Soft.PacketsOrMax;
        _hardBytes = settings.Lifetimes.Hard.BytesOrMax;
        _hardPackets = settings.Lifetimes.Hard.PacketsOrMax;
        (OuterSource, OuterDestination) = OuterAddresses(settings);
        _ahHeaderLength = settings.Protocol == IpsecProtocol.Ah ? AhPacket.HeaderLength(transform.IcvLength, OuterSource.IsIpv6) : 0;
        InboundKey = new InboundSaKey(settings.Spi, OuterDestination, settings.Protocol);
    }

    /// <summary>What was negotiated.</summary>
    public SecurityAssociationSettings Settings { get; }

    /// <summary>The SPI.</summary>
    public uint Spi => Settings.Spi;

    /// <summary>Inbound or outbound.</summary>
    public SaDirection Direction => Settings.Direction;

    /// <summary>The SAD key of an inbound SA: (SPI, outer destination, protocol).</summary>
    public InboundSaKey InboundKey { get; }

    /// <summary>The outer source address as a value.</summary>
    public PacketAddress OuterSource { get; }

    /// <summary>The outer destination address as a value.</summary>
    public PacketAddress OuterDestination { get; }

    /// <summary>The bytes of outer IP header (and UDP header with NAT-T) that <see cref="TryEncapsulatePacket"/> puts in front of the ESP packet.</summary>
    public int OuterHeaderLength => Encapsulation.OuterHeader.Length(OuterSource.IsIpv6, Settings.UdpEncapsulation.HasValue);

    /// <summary>When the SA was created (the time passed in; lifetimes count from it).</summary>
    public DateTimeOffset CreatedAt => _createdAt;

    /// <summary>Packet, byte and drop counters.</summary>
    public SaCounters Counters { get; } = new();

    /// <summary>The anti-replay window of an inbound SA; null for outbound SAs.</summary>
    public ReplayWindow? ReplayWindow => _replayWindow;

    /// <summary>The sequence number the next outbound packet gets (1 for a new SA).</summary>
    public ulong NextSequenceNumber => _nextSequence;

    /// <summary>Whether a hard lifetime was reached (or the SA disposed): no more packets pass.</summary>
    public bool IsHardExpired => Volatile.Read(ref _hardReached) != NotReached || _disposed;

    /// <summary>
    /// True when the data path reached a soft or hard byte/packet limit that <see cref="CheckLifetime"/> has not reported
    /// yet: a cheap flag for a worker to poll and then ask the SAD for events.
    /// </summary>
    public bool HasPendingExpiry
        => (Volatile.Read(ref _softReached) != NotReached && Volatile.Read(ref _softReported) == 0)
           || (Volatile.Read(ref _hardReached) != NotReached && Volatile.Read(ref _hardReported) == 0);

    /// <summary>
    /// The most bytes ESP adds to a payload of any length (header, IV, worst-case padding, trailer, ICV), without TFC padding:
    /// what to reserve in front of and behind a payload to encapsulate in place.
    /// </summary>
    public int MaxOverhead => IsAh ? _ahHeaderLength : EspPacket.HeaderLength + _transform.IvLength + (_transform.Alignment - 1) + EspPacket.TrailerLength + _transform.IcvLength;

    /// <summary>Where the payload must lie in the destination buffer for in-place encapsulation: after SPI, sequence number and IV.</summary>
    public int PayloadOffset => IsAh ? _ahHeaderLength : EspPacket.HeaderLength + _transform.IvLength;

    /// <summary>Whether this is an AH SA (RFC 4302): integrity only, over the IP header too; only the whole-packet calls work.</summary>
    public bool IsAh => _ahHeaderLength != 0;

    /// <summary>The transforms (sizes; the keys stay inside).</summary>
    public EspTransform Transform => _transform;

    /// <summary>
    /// Creates an SA and keys its transforms from <paramref name="encryptionKey"/> (with salt or nonce where the transform has
    /// one) and <paramref name="integrityKey"/> (empty for AEADs), using <see cref="TransformRegistry.Default"/>.
    /// The caller keeps and zeroes its copies of the keys.
    /// </summary>
    public static bool TryCreate(SecurityAssociationSettings settings, ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> integrityKey,
        DateTimeOffset now, out SecurityAssociation? securityAssociation, out CryptoError error)
        => TryCreate(TransformRegistry.Default, settings, encryptionKey, integrityKey, now, out securityAssociation, out error);

    /// <summary>As <see cref="TryCreate(SecurityAssociationSettings, ReadOnlySpan{byte}, ReadOnlySpan{byte}, DateTimeOffset, out SecurityAssociation?, out CryptoError)"/> with a given registry.</summary>
    public static bool TryCreate(TransformRegistry registry, SecurityAssociationSettings settings, ReadOnlySpan<byte> encryptionKey,
        ReadOnlySpan<byte> integrityKey, DateTimeOffset now, out SecurityAssociation? securityAssociation, out CryptoError error)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(settings);
        _ = OuterAddresses(settings);
        securityAssociation = null;
        if (settings.Problem is { } problem)
        {
            error = new CryptoError(CryptoErrorKind.Unsupported, problem);
            return false;
        }

        if (settings.Protocol == IpsecProtocol.Ah)
        {
            if (!EspTransform.TryCreateAuthenticationHeader(registry, settings.Integrity, integrityKey, out var ahTransform, out error))
            {
                return false;
            }

            securityAssociation = new SecurityAssociation(settings, ahTransform!, now);
            return true;
        }

        if (!EspTransform.TryCreate(registry, settings.Encryption, settings.EncryptionKeyLengthBits, encryptionKey,
                settings.Integrity, integrityKey, out var transform, out error))
        {
            return false;
        }

        securityAssociation = new SecurityAssociation(settings, transform!, now);
        return true;
    }

    /// <summary>The length of the ESP packet that encapsulating <paramref name="payloadLength"/> bytes gives.</summary>
    public int EncapsulatedLength(int payloadLength, int tfcPaddingLength = 0)
        => IsAh ? _ahHeaderLength + payloadLength : EspPacket.SealedLength(_transform, payloadLength, tfcPaddingLength);

    /// <summary>
    /// Encapsulates <paramref name="payload"/> (tunnel mode: a whole IPv4/IPv6 packet with <paramref name="nextHeader"/> 4 or 41;
    /// transport mode: the transport payload with its protocol number) into an ESP packet in <paramref name="destination"/>
    /// (SPI through ICV; the outer IP and UDP headers are <see cref="Encapsulation.OuterHeader"/>'s business).
    /// The payload may already lie in <paramref name="destination"/> at <see cref="PayloadOffset"/> (in place).
    /// Refuses with <see cref="EspStatus.SequenceOverflow"/> when the sequence numbers are used up (rekey needed) and with
    /// <see cref="EspStatus.HardExpired"/> past a hard lifetime. Allocates nothing.
    /// </summary>
    public EspStatus TryEncapsulate(ReadOnlySpan<byte> payload, byte nextHeader, Span<byte> destination, out int written, int tfcPaddingLength = 0)
    {
        if (IsAh)
        {
            written = 0;
            return Counters.AddDrop(EspStatus.WrongProtocol);
        }

        Span<byte> iv = stackalloc byte[16];
        iv = iv[.._transform.IvLength];
        switch (_transform.IvKind)
        {
            case EspIvKind.SequenceNumber when iv.Length == 8:
                BinaryPrimitives.WriteUInt64BigEndian(iv, _nextSequence);
                break;
            case EspIvKind.Random:
                RandomNumberGenerator.Fill(iv);
                break;
            default:
                break;
        }

        return Encapsulate(payload, nextHeader, destination, out written, tfcPaddingLength, iv);
    }

    /// <summary>
    /// As <see cref="TryEncapsulate"/>, and then writes the outer IPv4/IPv6 header from the SA's addresses and, with NAT-T,
    /// the UDP header (RFC 3948) in front: <paramref name="destination"/> receives a whole IP packet ready for the wire.
    /// For in-place use the payload lies at <see cref="OuterHeaderLength"/> + <see cref="PayloadOffset"/>.
    /// </summary>
    public EspStatus TryEncapsulatePacket(ReadOnlySpan<byte> payload, byte nextHeader, Span<byte> destination, out int written, int tfcPaddingLength = 0)
    {
        written = 0;
        int headerLength = OuterHeaderLength;
        if (tfcPaddingLength < 0 || payload.Length + tfcPaddingLength > EspPacket.MaxPacketLength
            || headerLength + EncapsulatedLength(payload.Length, tfcPaddingLength) > EspPacket.MaxPacketLength)
        {
            return Counters.AddDrop(EspStatus.InvalidArgument);
        }

        if (destination.Length < headerLength)
        {
            return Counters.AddDrop(EspStatus.DestinationTooSmall);
        }

        if (IsAh)
        {
            return tfcPaddingLength == 0 ? EncapsulateAh(payload, nextHeader, destination, out written) : Counters.AddDrop(EspStatus.InvalidArgument);
        }

        var status = TryEncapsulate(payload, nextHeader, destination[headerLength..], out int espLength, tfcPaddingLength);
        if (status != EspStatus.Ok)
        {
            return status;
        }

        written = Encapsulation.OuterHeader.Write(destination, OuterSource, OuterDestination, Settings.UdpEncapsulation, espLength);
        return EspStatus.Ok;
    }

    /// <summary>
    /// Decapsulates the ESP packet in <paramref name="packet"/> (from the SPI through the ICV) in place: SPI check, anti-replay
    /// check, ICV verification, decryption, padding check, then the window update and accounting. On <see cref="EspStatus.Ok"/>
    /// <paramref name="result"/> tells where the payload is and its next header. Every other status is a counted drop.
    /// </summary>
    public EspStatus TryDecapsulate(Span<byte> packet, out EspDecapsulated result)
    {
        result = default;
        if (_replayWindow is null)
        {
            return Counters.AddDrop(EspStatus.WrongDirection);
        }

        if (IsAh)
        {
            return Counters.AddDrop(EspStatus.WrongProtocol);
        }

        if (!EspPacket.TryReadHeader(packet, out uint spi, out uint sequenceLow))
        {
            return Counters.AddDrop(EspStatus.TooShort);
        }

        var admitted = Admit(_replayWindow, spi, sequenceLow, out ulong sequence);
        if (admitted != EspStatus.Ok)
        {
            return Counters.AddDrop(admitted);
        }

        var status = EspPacket.Open(_transform, sequence, Settings.ExtendedSequenceNumbers, packet, out result);
        if (status is EspStatus.TooShort or EspStatus.BadLength or EspStatus.BadIcv)
        {
            result = default;
            return Counters.AddDrop(status);
        }

        // The packet is authentic: it moves the window even if what it carries turns out malformed.
        _replayWindow.Update(sequence);
        if (status != EspStatus.Ok)
        {
            result = default;
            return Counters.AddDrop(status);
        }

        return FinishInbound(packet, ref result);
    }

    /// <summary>
    /// Decapsulates a whole received IP packet in place: for ESP (plain or in UDP, RFC 3948) the ESP packet inside it, for
    /// AH the packet itself, whose ICV covers the IP header (mutable fields zeroed) and extension headers before AH.
    /// On <see cref="EspStatus.Ok"/> <paramref name="result"/> tells where in <paramref name="packet"/> the payload lies.
    /// With ESN an AH SA borrows 4 bytes behind the packet when <paramref name="packet"/> is longer than the IP packet.
    /// </summary>
    public EspStatus TryDecapsulatePacket(Span<byte> packet, out EspDecapsulated result)
    {
        result = default;
        if (!IsAh)
        {
            var kind = OuterHeader.TryRead(packet, out var outer);
            if (kind is not (OuterPacketKind.Esp or OuterPacketKind.UdpEsp))
            {
                return Counters.AddDrop(kind == OuterPacketKind.Malformed ? EspStatus.TooShort : EspStatus.WrongProtocol);
            }

            var status = TryDecapsulate(packet[outer.PayloadRange], out result);
            if (status == EspStatus.Ok)
            {
                result = result with { PayloadOffset = result.PayloadOffset + outer.PayloadOffset };
            }

            return status;
        }

        if (_replayWindow is null)
        {
            return Counters.AddDrop(EspStatus.WrongDirection);
        }

        if (!AhPacket.TryLocate(packet, out int ahOffset, out int packetLength))
        {
            return Counters.AddDrop(EspStatus.TooShort);
        }

        AhPacket.TryReadHeader(packet[ahOffset..packetLength], out byte nextHeader, out int headerLength, out uint spi, out uint sequenceLow);
        var admitted = Admit(_replayWindow, spi, sequenceLow, out ulong sequence);
        if (admitted != EspStatus.Ok)
        {
            return Counters.AddDrop(admitted);
        }

        var verified = AhPacket.Verify(_transform.Integrity!, packet, packetLength, ahOffset, sequence, Settings.ExtendedSequenceNumbers);
        if (verified != EspStatus.Ok)
        {
            return Counters.AddDrop(verified);
        }

        _replayWindow.Update(sequence);
        int payloadOffset = ahOffset + headerLength;
        result = new EspDecapsulated(nextHeader, payloadOffset, packetLength - payloadOffset, sequence);
        return FinishInbound(packet, ref result);
    }

    /// <summary>
    /// What ESP and AH check before any cryptography: the SPI is ours, the SA is not hard-expired, and the sequence number
    /// passes the anti-replay window (RFC 4303 §3.4.3, RFC 4302 §3.4.3), giving the full (ESN-inferred) sequence number.
    /// </summary>
    private EspStatus Admit(ReplayWindow replayWindow, uint spi, uint sequenceLow, out ulong sequence)
    {
        sequence = 0;
        if (spi != Spi)
        {
            return EspStatus.UnknownSpi;
        }

        if (IsHardExpired)
        {
            return EspStatus.HardExpired;
        }

        return replayWindow.Check(sequenceLow, out sequence) switch
        {
            ReplayCheckResult.Duplicate => EspStatus.ReplayDuplicate,
            ReplayCheckResult.TooOld => EspStatus.ReplayTooOld,
            _ => EspStatus.Ok,
        };
    }

    /// <summary>
    /// Checks the time lifetimes against <paramref name="now"/> and returns the expiries not reported before (byte and packet
    /// limits reached on the data path included): soft → rekey, hard → delete. Each kind is reported once.
    /// </summary>
    public IReadOnlyList<SaExpiryEvent> CheckLifetime(DateTimeOffset now)
    {
        var events = new List<SaExpiryEvent>(2);
        CollectExpiries(now, events);
        return events;
    }

    /// <summary>Zeroes the keys; the SA refuses all packets afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _transform.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"SA {Settings}: {Counters}";

    internal void CollectExpiries(DateTimeOffset now, List<SaExpiryEvent> events)
    {
        var elapsed = now - _createdAt;
        var lifetimes = Settings.Lifetimes;
        if (lifetimes.Soft.Time is { } softTime && elapsed >= softTime)
        {
            Reach(ref _softReached, SaExpiryTrigger.Time);
        }

        if (lifetimes.Hard.Time is { } hardTime && elapsed >= hardTime)
        {
            Reach(ref _hardReached, SaExpiryTrigger.Time);
        }

        int soft = Volatile.Read(ref _softReached);
        if (soft != NotReached && Interlocked.Exchange(ref _softReported, 1) == 0)
        {
            events.Add(new SaExpiryEvent(this, SaExpiryKind.Soft, (SaExpiryTrigger)(soft - 1)));
        }

        int hard = Volatile.Read(ref _hardReached);
        if (hard != NotReached && Interlocked.Exchange(ref _hardReported, 1) == 0)
        {
            events.Add(new SaExpiryEvent(this, SaExpiryKind.Hard, (SaExpiryTrigger)(hard - 1)));
        }
    }

    /// <summary>Encapsulates with a given IV: for known-answer tests that reproduce packets of another implementation.</summary>
    internal EspStatus TryEncapsulateWithIv(ReadOnlySpan<byte> payload, byte nextHeader, ReadOnlySpan<byte> iv, Span<byte> destination, out int written, int tfcPaddingLength = 0)
        => Encapsulate(payload, nextHeader, destination, out written, tfcPaddingLength, iv);

    /// <summary>Moves the outbound counter, so tests can reach the end of the sequence number space.</summary>
    internal void SetNextSequenceNumber(ulong next)
    {
        _nextSequence = next;
        _sequenceExhausted = next == 0 || (!Settings.ExtendedSequenceNumbers && next > uint.MaxValue);
    }

    private static (PacketAddress Source, PacketAddress Destination) OuterAddresses(SecurityAssociationSettings settings)
    {
        var source = PacketAddress.FromIPAddress(settings.Source);
        var destination = PacketAddress.FromIPAddress(settings.Destination);
        if (source.IsIpv6 != destination.IsIpv6)
        {
            throw new ArgumentException("the outer source and destination must be of one address family", nameof(settings));
        }

        return (source, destination);
    }

    private static void Reach(ref int reached, SaExpiryTrigger trigger)
        => Interlocked.CompareExchange(ref reached, (int)trigger + 1, NotReached);

    // Tunnel mode: the payload is an IP packet, maybe followed by TFC padding (RFC 4303 §2.7); its own length says where it ends.
    private static bool TryTrimInnerPacket(ReadOnlySpan<byte> payload, byte nextHeader, out int length)
    {
        length = 0;
        switch (nextHeader)
        {
            case EspPacket.NextHeaderIpv4 when payload.Length >= 20 && payload[0] >> 4 == 4:
                length = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
                return length >= 20 && length <= payload.Length;
            case EspPacket.NextHeaderIpv6 when payload.Length >= 40 && payload[0] >> 4 == 6:
                length = 40 + BinaryPrimitives.ReadUInt16BigEndian(payload[4..]);
                return length <= payload.Length;
            default:
                return false;
        }
    }

    private EspStatus Encapsulate(ReadOnlySpan<byte> payload, byte nextHeader, Span<byte> destination, out int written, int tfcPaddingLength, ReadOnlySpan<byte> iv)
    {
        written = 0;
        var refused = CheckOutbound(payload.Length);
        if (refused != EspStatus.Ok)
        {
            return refused;
        }

        ulong sequence = _nextSequence;
        var status = EspPacket.Seal(_transform, Spi, sequence, Settings.ExtendedSequenceNumbers, iv, payload, nextHeader, tfcPaddingLength, destination, out written);
        if (status != EspStatus.Ok)
        {
            return Counters.AddDrop(status);
        }

        CompleteOutbound(sequence, payload.Length);
        return EspStatus.Ok;
    }

    // AH (RFC 4302 §3.3): outer IP header (protocol 51) ‖ AH ‖ payload, the ICV over all of it. The payload may already lie
    // at OuterHeaderLength + PayloadOffset in the destination.
    private EspStatus EncapsulateAh(ReadOnlySpan<byte> payload, byte nextHeader, Span<byte> destination, out int written)
    {
        written = 0;
        var refused = CheckOutbound(payload.Length);
        if (refused != EspStatus.Ok)
        {
            return refused;
        }

        int ipHeaderLength = OuterHeaderLength;
        int total = ipHeaderLength + _ahHeaderLength + payload.Length;
        if (destination.Length < total)
        {
            return Counters.AddDrop(EspStatus.DestinationTooSmall);
        }

        ulong sequence = _nextSequence;
        payload.CopyTo(destination[(ipHeaderLength + _ahHeaderLength)..]);
        if (OuterSource.IsIpv6)
        {
            OuterHeader.WriteIpv6Header(destination, OuterSource, OuterDestination, AhPacket.ProtocolAh, _ahHeaderLength + payload.Length);
        }
        else
        {
            // The Identification is covered by the ICV: never 0, which a raw socket would replace with its own.
            ushort identification = (ushort)((sequence % ushort.MaxValue) + 1);
            OuterHeader.WriteIpv4Header(destination, OuterSource, OuterDestination, AhPacket.ProtocolAh, _ahHeaderLength + payload.Length, identification: identification);
        }

        var status = AhPacket.Seal(_transform.Integrity!, destination, total, ipHeaderLength, nextHeader, Spi, sequence, Settings.ExtendedSequenceNumbers);
        if (status != EspStatus.Ok)
        {
            return Counters.AddDrop(status);
        }

        CompleteOutbound(sequence, payload.Length);
        written = total;
        return EspStatus.Ok;
    }

    private EspStatus CheckOutbound(int payloadLength)
    {
        if (_replayWindow is not null)
        {
            return Counters.AddDrop(EspStatus.WrongDirection);
        }

        if (_sequenceExhausted)
        {
            Reach(ref _hardReached, SaExpiryTrigger.SequenceNumbers);
            return Counters.AddDrop(EspStatus.SequenceOverflow);
        }

        if (IsHardExpired || !WithinHardLimits(payloadLength))
        {
            return Counters.AddDrop(EspStatus.HardExpired);
        }

        return EspStatus.Ok;
    }

    private void CompleteOutbound(ulong sequence, int payloadLength)
    {
        // RFC 4303 §3.3.3 / RFC 4302 §3.3.2: the counter never cycles; the last number is 2^32 - 1 (2^64 - 1 with ESN),
        // then the SA must be rekeyed.
        _nextSequence = sequence + 1;
        _sequenceExhausted = _nextSequence == 0 || (!Settings.ExtendedSequenceNumbers && _nextSequence > uint.MaxValue);
        TryAccount(payloadLength);
    }

    // After authentication: tunnel mode trims the inner packet to its own length, then the packet is accounted.
    private EspStatus FinishInbound(Span<byte> packet, ref EspDecapsulated result)
    {
        if (Settings.Mode == IpsecMode.Tunnel && !result.IsDummy)
        {
            if (!TryTrimInnerPacket(packet.Slice(result.PayloadOffset, result.PayloadLength), result.NextHeader, out int innerLength))
            {
                result = default;
                return Counters.AddDrop(EspStatus.InvalidInnerPacket);
            }

            result = result with { PayloadLength = innerLength };
        }

        if (!TryAccount(result.PayloadLength))
        {
            result = default;
            return Counters.AddDrop(EspStatus.HardExpired);
        }

        return EspStatus.Ok;
    }

    private bool WithinHardLimits(int payloadLength)
    {
        if (_lifetimePackets + 1 > _hardPackets)
        {
            Reach(ref _hardReached, SaExpiryTrigger.Packets);
            return false;
        }

        if (_lifetimeBytes + (ulong)payloadLength > _hardBytes)
        {
            Reach(ref _hardReached, SaExpiryTrigger.Bytes);
            return false;
        }

        return true;
    }

    // Counts a processed packet; false (and the SA hard-expired) when it would pass a hard limit.
    private bool TryAccount(int payloadLength)
    {
        if (!WithinHardLimits(payloadLength))
        {
            return false;
        }

        _lifetimePackets++;
        _lifetimeBytes += (ulong)payloadLength;
        Counters.AddPacket(payloadLength);
        if (_lifetimePackets >= _softPackets)
        {
            Reach(ref _softReached, SaExpiryTrigger.Packets);
        }
        else if (_lifetimeBytes >= _softBytes)
        {
            Reach(ref _softReached, SaExpiryTrigger.Bytes);
        }

        if (_lifetimePackets >= _hardPackets)
        {
            Reach(ref _hardReached, SaExpiryTrigger.Packets);
        }
        else if (_lifetimeBytes >= _hardBytes)
        {
            Reach(ref _hardReached, SaExpiryTrigger.Bytes);
        }

        return true;
    }
}
