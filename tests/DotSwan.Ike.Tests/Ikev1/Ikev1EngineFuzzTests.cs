using System.Buffers.Binary;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;
using DotSwan.Ike.Tests.Authentication;
using DotSwan.Ike.Tests.Simulation;
using DotSwan.TestSupport.Certificates;

namespace DotSwan.Ike.Tests.Ikev1;

/// <summary>
/// Random and mutated datagrams fed straight into IKEv1 engines in every state of an exchange: nothing may throw, and
/// the engines must still complete a clean negotiation afterwards.
/// </summary>
public sealed class Ikev1EngineFuzzTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutants_delivered_before_every_real_message_never_throw(int seed)
    {
        using var pair = new Ikev1EnginePair(seed);
        int mutants = Drive(pair, seed, encryptedOnly: false);
        Assert.True(mutants > 500, $"only {mutants} mutants");
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutants_of_protected_messages_do_not_disturb_the_negotiation(int seed)
    {
        // Encrypted messages are authenticated (HASH) and chained (IV): a mutant must neither advance nor break anything.
        using var pair = new Ikev1EnginePair(seed);
        int mutants = Drive(pair, seed, encryptedOnly: true);

        Assert.True(mutants > 100, $"only {mutants} mutants\n" + Ikev1Trace.Of(pair));
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Single(pair.Sun.Of<IkeSaEstablished>());
        Assert.Single(pair.Moon.Of<InstallChildSa>());
        Assert.Single(pair.Sun.Of<InstallChildSa>());
        Assert.Empty(pair.Moon.Of<IkeSaFailed>());
        Assert.Empty(pair.Sun.Of<IkeSaFailed>());
        pair.AssertKeysCrossCheck();
    }

    [Theory]
    [InlineData(1, TestKeyType.Rsa)]
    [InlineData(2, TestKeyType.Rsa)]
    [InlineData(3, TestKeyType.EcdsaP256)]
    public void With_certificates_mutants_never_throw_and_mutants_of_protected_messages_do_not_disturb_the_negotiation(int seed, TestKeyType keyType)
    {
        using (var certs = new CertificateScenario(keyType))
        using (var pair = new Ikev1EnginePair(seed, configureMoon: Ikev1CertificateTests.Configure(certs, certs.Moon),
                   configureSun: Ikev1CertificateTests.Configure(certs, certs.Sun)))
        {
            Assert.True(Drive(pair, seed, encryptedOnly: false) > 500);
        }

        // A mutant of message 5 or 6 can decrypt (CBC has no MAC) to CERT/SIG payloads that fail: it is ignored, not fatal.
        using (var certs = new CertificateScenario(keyType))
        using (var pair = new Ikev1EnginePair(seed, configureMoon: Ikev1CertificateTests.Configure(certs, certs.Moon),
                   configureSun: Ikev1CertificateTests.Configure(certs, certs.Sun)))
        {
            int mutants = Drive(pair, seed, encryptedOnly: true);
            Assert.True(mutants > 100, $"only {mutants} mutants\n" + Ikev1Trace.Of(pair));
            Assert.Empty(pair.Moon.Of<IkeSaFailed>());
            Assert.Empty(pair.Sun.Of<IkeSaFailed>());
            Assert.Single(pair.Moon.Of<IkeSaEstablished>());
            Assert.Single(pair.Sun.Of<IkeSaEstablished>());
            Assert.Single(pair.Moon.Of<InstallChildSa>());
            pair.AssertKeysCrossCheck();
        }
    }

    /// <summary>
    /// Runs a negotiation (and a DPD probe and a second Quick Mode) message by message; before each real datagram, 40
    /// mutants of it reach the same engine. Returns how many mutants were delivered.
    /// </summary>
    private static int Drive(Ikev1EnginePair pair, int seed, bool encryptedOnly)
    {
        var random = new Random(seed);
        var now = pair.Network.Now;
        var queue = new Queue<(SimulatedNode From, EngineOutput Output)>();
        void Enqueue(SimulatedNode from, IReadOnlyList<EngineOutput> outputs)
        {
            foreach (var output in outputs)
            {
                from.Outputs.Add(new SimulatedEvent(now, from.Name, output));
                queue.Enqueue((from, output));
            }
        }
        int mutants = 0;
        void Pump()
        {
            for (int steps = 0; queue.Count > 0 && steps < 200; steps++)
            {
                var (from, output) = queue.Dequeue();
                if (output is not SendDatagram send) { continue; }
                var to = from == pair.Moon ? pair.Sun : pair.Moon;
                var datagram = send.Datagram.ToArray();
                bool encrypted = datagram.Length > 19 && (datagram[19] & 1) != 0;
                if (!encryptedOnly)
                {
                    // After the real message: a mutant of a clear phase 1 message can legitimately spoil the negotiation
                    // (it is unauthenticated), which would end the run before the later states are reached.
                    Enqueue(to, to.Receive(datagram, from.Address, now));
                }
                if (!encryptedOnly || encrypted)
                {
                    for (int i = 0; i < 40; i++)
                    {
                        var mutant = Mutate(datagram, random, keepHeader: encryptedOnly);
                        if (mutant.AsSpan().SequenceEqual(datagram)) { continue; }
                        Enqueue(to, to.Receive(mutant, from.Address, now).Where(o => o is not SendDatagram).ToList());
                        mutants++;
                    }
                }
                if (encryptedOnly) { Enqueue(to, to.Receive(datagram, from.Address, now)); }
            }
        }
        Enqueue(pair.Moon, pair.Moon.Ikev1Engine.Initiate(pair.MoonConnection, now, out _));
        Pump();
        if (pair.Moon.Of<IkeSaEstablished>().FirstOrDefault() is { } established)
        {
            Enqueue(pair.Moon, pair.Moon.Ikev1Engine.CheckLiveness(established.IkeSa, now));
            Pump();
            Enqueue(pair.Moon, pair.Moon.Ikev1Engine.StartQuickMode(established.IkeSa, now));
            Pump();
            // The second Quick Mode counts as an install too: keep the assertions about the first negotiation simple.
            foreach (var node in new[] { pair.Moon, pair.Sun })
            {
                var installs = node.Outputs.Where(o => o.Output is InstallChildSa).Skip(1).ToList();
                foreach (var extra in installs)
                {
                    node.Outputs.Remove(extra);
                    var install = (InstallChildSa)extra.Output;
                    install.Inbound.EncryptionKey.Dispose();
                    install.Inbound.IntegrityKey.Dispose();
                    install.Outbound.EncryptionKey.Dispose();
                    install.Outbound.IntegrityKey.Dispose();
                }
            }
        }
        for (int i = 0; i < 20; i++)
        {
            now += TimeSpan.FromSeconds(random.Next(1, 60));
            pair.Moon.OnTimer(now);
            pair.Sun.OnTimer(now);
        }
        return mutants;
    }

    [Fact]
    public void Random_datagrams_with_plausible_headers_never_throw_and_a_negotiation_still_succeeds()
    {
        using var pair = new Ikev1EnginePair(3);
        var random = new Random(3);
        var engine = pair.Sun.Ikev1Engine;
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.Next(0, 600);
            var datagram = new byte[length];
            random.NextBytes(datagram);
            if (length >= 28 && random.Next(4) > 0)
            {
                datagram[17] = 0x10;
                datagram[18] = (byte)(random.Next(3) switch { 0 => 2, 1 => 32, _ => 5 });
                datagram[19] &= 0x07;
                BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(24), (uint)length);
                if (random.Next(2) == 0) { BinaryPrimitives.WriteUInt64BigEndian(datagram.AsSpan(8), 0); }
                if (random.Next(2) == 0) { BinaryPrimitives.WriteUInt32BigEndian(datagram.AsSpan(20), 0); }
                datagram[16] = (byte)random.Next(0, 22);
            }
            engine.Receive(datagram, EnginePair.SunAddress, EnginePair.MoonAddress, pair.Network.Now);
        }
        Assert.True(engine.Counters.Malformed > 0);
        pair.Network.Run(TimeSpan.FromMinutes(2));

        pair.Establish();
        Assert.Single(pair.Moon.Of<IkeSaEstablished>());
        Assert.Single(pair.Moon.Of<InstallChildSa>());
    }

    private static byte[] Mutate(byte[] original, Random random, bool keepHeader = false)
    {
        var bytes = (byte[])original.Clone();
        switch (keepHeader ? 2 + random.Next(2) : random.Next(5))
        {
            case 0:
                for (int i = random.Next(1, 4); i > 0; i--) { bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8)); }
                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
            {
                // Keep the header (cookies, exchange, M-ID) so the mutant reaches the exchange; scramble the body.
                for (int i = 28; i < bytes.Length; i++)
                {
                    if (random.Next(8) == 0) { bytes[i] = (byte)random.Next(256); }
                }
                return bytes;
            }
            case 3:
            {
                var longer = new byte[bytes.Length + random.Next(1, 64)];
                bytes.CopyTo(longer, 0);
                random.NextBytes(longer.AsSpan(bytes.Length));
                BinaryPrimitives.WriteUInt32BigEndian(longer.AsSpan(24), (uint)longer.Length);
                return longer;
            }
            default:
            {
                // A payload length field somewhere in the chain.
                if (bytes.Length > 32) { BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(30), (ushort)random.Next(0, 0x10000)); }
                return bytes;
            }
        }
    }
}
