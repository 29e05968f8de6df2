using System.Net;
using CsCheck;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Tests.Simulation;

namespace DotSwan.Ike.Tests.Ikev2;

/// <summary>Receive never throws: random bytes, and real messages (ours and strongSwan's) with random damage, in every state.</summary>
public sealed class Ikev2EngineFuzzTests
{
    private static readonly IPEndPoint Local = EnginePair.SunAddress;
    private static readonly IPEndPoint Remote = EnginePair.MoonAddress;

    [Fact]
    public void Random_bytes_never_throw()
    {
        using var pair = new EnginePair();
        Gen.Byte.Array[0, 700].Sample(bytes =>
        {
            _ = pair.Sun.Engine.Receive(bytes, Local, Remote, SimulatedNetwork.Epoch);
        }, iter: 3000, threads: 1);
        Assert.True(pair.Sun.Engine.Counters.Malformed > 0);
    }

    [Fact]
    public void Random_bytes_behind_a_plausible_header_never_throw()
    {
        using var pair = new EnginePair();
        var header = Gen.Select(Gen.ULong, Gen.ULong, Gen.Byte[33, 53], Gen.Byte[34, 37], Gen.Byte, Gen.UInt[0, 3]);
        Gen.Select(header, Gen.Byte.Array[0, 400]).Sample((h, body) =>
        {
            var datagram = new byte[28 + body.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(datagram, h.Item1);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(datagram.AsSpan(8), h.Item2 % 4 == 0 ? 0 : h.Item2);
            datagram[16] = h.Item3;
            datagram[17] = 0x20;
            datagram[18] = h.Item4;
            datagram[19] = h.Item5;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(20), h.Item6);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(24), (uint)datagram.Length);
            body.CopyTo(datagram, 28);
            _ = pair.Sun.Engine.Receive(datagram, Local, Remote, SimulatedNetwork.Epoch);
            _ = pair.Moon.Engine.Receive(datagram, Remote, Local, SimulatedNetwork.Epoch);
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void Mutated_real_messages_never_throw_in_any_state()
    {
        // A transcript of a real exchange, plus strongSwan's captured messages.
        using var recorded = new EnginePair();
        recorded.Initiate();
        recorded.Network.Run(TimeSpan.FromMinutes(1));
        var messages = recorded.Network.Sent.Select(s => (s.From, s.Datagram)).ToList();
        messages.AddRange(PcapFile.ReadUdp(PcapFile.PathOf("psk.pcap")).Where(d => d.IsIke)
            .Select(d => (d.SourcePort == 500 && d.Source.Equals(IPAddress.Parse("192.0.2.1")) ? "moon" : "sun", d.IkeMessage.ToArray())));

        // Fresh engines in the states a mutated message can meet: a responder, an initiator waiting for IKE_SA_INIT,
        // and an established pair (reached by replaying the recorded handshake is impossible: new SPIs, so start one).
        using var live = new EnginePair(seed: 5);
        live.Initiate();
        var now = SimulatedNetwork.Epoch;
        int counter = 0;
        Gen.Select(Gen.Int[0, messages.Count - 1], Gen.Int, Gen.Int[0, 6]).Sample((index, seed, kind) =>
        {
            var (from, original) = messages[index];
            var random = new Random(seed);
            var datagram = Mutate(original, random, kind);
            var target = from == "moon" ? live.Sun : live.Moon;
            var source = from == "moon" ? EnginePair.MoonAddress : EnginePair.SunAddress;
            _ = target.Engine.Receive(datagram, target.Address, source, now);
            if (++counter % 50 == 0)
            {
                // Let the live pair progress (and time pass) so later samples meet later states.
                live.Network.Run(TimeSpan.FromSeconds(5));
            }
        }, iter: 3000, threads: 1);
        live.Network.Run(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Mutated_ike_auth_against_a_half_open_responder_never_throws_and_never_establishes()
    {
        using var recorded = new EnginePair(seed: 11);
        recorded.Initiate();
        // Deliver IKE_SA_INIT both ways, then stop: the responder is half-open, and we hold the IKE_AUTH request.
        recorded.Network.Run(TimeSpan.FromMilliseconds(25));
        var auth = recorded.Network.Sent[^1].Datagram;
        Gen.Select(Gen.Int, Gen.Int[0, 6]).Sample((seed, kind) =>
        {
            var datagram = Mutate(auth, new Random(seed), kind);
            if (datagram.AsSpan().SequenceEqual(auth)) { return; }
            var outputs = recorded.Sun.Engine.Receive(datagram, EnginePair.SunAddress, EnginePair.MoonAddress, recorded.Network.Now);
            Assert.Empty(outputs.OfType<IkeSaEstablished>());
        }, iter: 2000, threads: 1);
    }

    private static byte[] Mutate(byte[] original, Random random, int kind)
    {
        var bytes = (byte[])original.Clone();
        switch (kind)
        {
            case 0: // flip a few bits anywhere
                for (int i = 0, n = random.Next(1, 5); i < n; i++) { bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8)); }
                return bytes;
            case 1: // truncate
                return bytes[..random.Next(bytes.Length)];
            case 2: // extend with garbage
                return [.. bytes, .. Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256))];
            case 3: // damage a byte inside the header (SPIs, next payload, version, exchange, flags, message ID, length)
                bytes[random.Next(Math.Min(28, bytes.Length))] = (byte)random.Next(256);
                return bytes;
            case 4: // damage a payload header (next payload / critical / length) just after the IKE header
                if (bytes.Length > 32) { bytes[28 + random.Next(4)] = (byte)random.Next(256); }
                return bytes;
            case 5: // overwrite a random run
                int start = random.Next(bytes.Length), length = random.Next(1, 16);
                for (int i = start; i < Math.Min(bytes.Length, start + length); i++) { bytes[i] = (byte)random.Next(256); }
                return bytes;
            default: // replay unchanged (duplicates)
                return bytes;
        }
    }
}
