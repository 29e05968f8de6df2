using System.Globalization;
using DotSwan.Crypto;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.KeyLog;
using DotSwan.Ipsec.KeyLog;
using DotSwan.Wire.Capture;
using DotSwan.Wire.Ikev1;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Cli.Decode;

/// <summary>
/// Prints every IKE message of a capture: header and payloads, and — when a key log for its IKE SA is given —
/// the decrypted contents of its SK payload (SKF fragments are decrypted one by one and reassembled, RFC 7383);
/// and UDP-encapsulated ESP, decrypted when its SA's keys are given.
/// </summary>
internal sealed class CaptureDecoder : IDisposable
{
    private const int Ikev2Major = 2;
    private const int Ikev1Major = 1;

    private readonly TextWriter _output;
    private readonly Dictionary<(ulong, ulong), List<Ikev2DecryptionTableEntry>> _keys = [];
    private readonly Dictionary<(ulong, ulong, uint, bool), SortedDictionary<int, byte[]>> _fragments = [];
    private readonly Dictionary<(ulong, ulong, uint, bool), Ikev2PayloadType> _firstInner = [];

    private readonly EspDecoder _esp;

    public CaptureDecoder(TextWriter output, IEnumerable<Ikev2DecryptionTableEntry> keys, IEnumerable<EspSaTableEntry> espKeys)
    {
        _output = output;
        _esp = new EspDecoder(output, espKeys);
        foreach (var entry in keys)
        {
            var id = (entry.InitiatorSpi, entry.ResponderSpi);
            if (!_keys.TryGetValue(id, out var list)) { _keys[id] = list = []; }
            list.Add(entry);
        }
    }

    /// <summary>IKE messages printed.</summary>
    public int Messages { get; private set; }

    /// <summary>SK payloads (or reassembled SKF messages) decrypted.</summary>
    public int Decrypted { get; private set; }

    /// <summary>Messages or SK payloads that could not be decoded or decrypted, each printed with its reason.</summary>
    public int Failures { get; private set; }

    /// <summary>Encrypted payloads left encrypted because no key was logged for their SA.</summary>
    public int WithoutKeys { get; private set; }

    /// <summary>The ESP half: packets seen, decrypted and failed.</summary>
    public EspDecoder Esp => _esp;

    public void Dispose() => _esp.Dispose();

    public void Decode(IEnumerable<CapturedDatagram> datagrams)
    {
        foreach (var datagram in datagrams)
        {
            if (!datagram.IsIke)
            {
                _esp.TryDecode(datagram);
                continue;
            }
            var message = datagram.IkeMessage;
            Messages++;
            string route = $"{datagram.Source}:{datagram.SourcePort} -> {datagram.Destination}:{datagram.DestinationPort}";
            int major = message.Span[17] >> 4;
            if (major == Ikev2Major) { DecodeIkev2(datagram.Frame, route, message); }
            else if (major == Ikev1Major) { DecodeIkev1(datagram.Frame, route, message); }
            else { Fail($"#{datagram.Frame} {route}: IKE major version {major} is unknown"); }
        }
    }

    private void DecodeIkev2(int frame, string route, ReadOnlyMemory<byte> bytes)
    {
        if (!Ikev2MessageCodec.TryDecode(bytes.Span, out var message, out var error))
        {
            Fail($"#{frame} {route}: IKEv2 message not decoded: {error}");
            return;
        }
        var header = message!.Header;
        string role = header.IsResponse ? "response" : "request";
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"#{frame} {route} IKEv2 {header.ExchangeType} {role} mid {header.MessageId} spi {header.InitiatorSpi:x16}_i {header.ResponderSpi:x16}_r, {bytes.Length} bytes"));
        foreach (var payload in message.Payloads)
        {
            _output.WriteLine("    " + Ikev2PayloadPrinter.Describe(payload));
        }
        switch (message.Payloads.Count > 0 ? message.Payloads[^1] : null)
        {
            case EncryptedPayload sk:
                var plain = Open(frame, bytes.Span, sk.Body.Length, header);
                if (plain is not null) { PrintInner(frame, sk.FirstInnerPayload, plain, bytes.Length - sk.Body.Length); }
                break;
            case EncryptedFragmentPayload skf:
                var fragment = Open(frame, bytes.Span, skf.Body.Length, header);
                if (fragment is not null) { Reassemble(frame, header, skf, fragment); }
                break;
        }
    }

    private byte[]? Open(int frame, ReadOnlySpan<byte> message, int bodyLength, Ikev2Header header)
    {
        if (!_keys.TryGetValue((header.InitiatorSpi, header.ResponderSpi), out var candidates))
        {
            WithoutKeys++;
            return null;
        }
        int bodyOffset = message.Length - bodyLength;
        var plaintext = new byte[bodyLength];
        string reason = "";
        foreach (var entry in candidates)
        {
            using var protection = CreateProtection(entry, header.IsInitiator, out reason);
            if (protection is null) { continue; }
            if (protection.TryOpen(message, bodyOffset, plaintext, out int length, out var error))
            {
                return plaintext[..length];
            }
            reason = error.ToString();
        }
        Fail($"    #{frame}: not decrypted with the logged keys: {reason}");
        return null;
    }

    private static SkProtection? CreateProtection(Ikev2DecryptionTableEntry entry, bool fromInitiator, out string reason)
    {
        var registry = TransformRegistry.WithLegacy; // a capture may show any algorithm the peers used
        var encryptionKey = fromInitiator ? entry.EncryptionKeyInitiator : entry.EncryptionKeyResponder;
        reason = "";
        if (TransformRegistry.IsAead(entry.Encryption))
        {
            if (registry.TryCreateAead(entry.Encryption, entry.EncryptionKeyLengthBits, encryptionKey, out var aead, out var error))
            {
                return new SkProtection(aead!);
            }
            reason = error.ToString();
            return null;
        }
        var integrityKey = fromInitiator ? entry.IntegrityKeyInitiator : entry.IntegrityKeyResponder;
        if (!registry.TryCreateCipher(entry.Encryption, entry.EncryptionKeyLengthBits, encryptionKey, out var cipher, out var cipherError))
        {
            reason = cipherError.ToString();
            return null;
        }
        if (!registry.TryCreateIntegrity(entry.Integrity, integrityKey, out var integrity, out var integrityError))
        {
            cipher!.Dispose();
            reason = integrityError.ToString();
            return null;
        }
        return new SkProtection(cipher!, integrity!);
    }

    private void Reassemble(int frame, Ikev2Header header, EncryptedFragmentPayload skf, byte[] plaintext)
    {
        var id = (header.InitiatorSpi, header.ResponderSpi, header.MessageId, header.IsResponse);
        if (!_fragments.TryGetValue(id, out var parts)) { _fragments[id] = parts = []; }
        parts[skf.FragmentNumber] = plaintext;
        if (skf.FragmentNumber == 1) { _firstInner[id] = skf.FirstInnerPayload; }
        if (parts.Count < skf.TotalFragments || !_firstInner.TryGetValue(id, out var first)) { return; }
        var whole = parts.Values.SelectMany(p => p).ToArray();
        _fragments.Remove(id);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    reassembled {skf.TotalFragments} fragments, {whole.Length} bytes:"));
        PrintInner(frame, first, whole, 0);
    }

    private void PrintInner(int frame, Ikev2PayloadType first, byte[] chain, int baseOffset)
    {
        if (!Ikev2PayloadChain.TryDecode(first, chain, baseOffset, out var inner, out var error))
        {
            Fail($"    #{frame}: decrypted payloads not decoded: {error}");
            return;
        }
        Decrypted++;
        if (inner.Count == 0) { _output.WriteLine("      (no payloads)"); }
        foreach (var payload in inner)
        {
            _output.WriteLine("      " + Ikev2PayloadPrinter.Describe(payload));
        }
    }

    private void DecodeIkev1(int frame, string route, ReadOnlyMemory<byte> bytes)
    {
        if (!IsakmpMessageCodec.TryDecode(bytes, out var message, out var error))
        {
            Fail($"#{frame} {route}: ISAKMP message not decoded: {error}");
            return;
        }
        var header = message.Header;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"#{frame} {route} IKEv1 {header.ExchangeType} mid {header.MessageId} cookies {header.InitiatorCookie:x16}_i {header.ResponderCookie:x16}_r, {bytes.Length} bytes"));
        if (message.IsEncrypted)
        {
            _output.WriteLine($"    encrypted, {message.EncryptedBody.Length} bytes");
            return;
        }
        foreach (var payload in message.Payloads)
        {
            _output.WriteLine("    " + Ikev1PayloadPrinter.Describe(payload));
        }
    }

    private void Fail(string line)
    {
        Failures++;
        _output.WriteLine(line);
    }
}
