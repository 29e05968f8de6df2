using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.KeyLog;

namespace DotSwan.Ike.Tests.Simulation;

/// <summary>IKE SA keys leave the engine (for a Wireshark key log) only when the connection asks for it.</summary>
public sealed class KeyLogSimulationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public void Without_log_keys_no_key_material_is_emitted_even_across_an_ike_rekey()
    {
        using var pair = new EnginePair();
        var id = pair.Initiate();
        pair.Network.Run(Limit);
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.RekeyIkeSa(id, pair.Network.Now));
        pair.Network.Run(Limit);

        Assert.Single(pair.Moon.Of<IkeSaRekeyed>());
        Assert.Empty(pair.Moon.Of<IkeSaKeysDerived>());
        Assert.Empty(pair.Sun.Of<IkeSaKeysDerived>());
    }

    [Theory]
    [InlineData("aes256gcm16-prfsha256-x25519", EncryptionAlgorithm.AesGcm16, IntegrityAlgorithm.None)]
    [InlineData("aes128-sha256-modp2048", EncryptionAlgorithm.AesCbc, IntegrityAlgorithm.HmacSha256128)]
    public void With_log_keys_both_sides_emit_the_same_table_line_for_the_sa_and_its_rekeyed_successor(
        string ike, EncryptionAlgorithm encryption, IntegrityAlgorithm integrity)
    {
        using var pair = new EnginePair(moonIke: ike, sunIke: ike,
            configureMoon: c => c with { LogKeys = true }, configureSun: c => c with { LogKeys = true });
        var id = pair.Initiate();
        pair.Network.Run(Limit);
        var established = Assert.Single(pair.Moon.Of<IkeSaEstablished>()).IkeSa;
        pair.Network.Emit(pair.Moon, pair.Moon.Engine.RekeyIkeSa(established, pair.Network.Now));
        pair.Network.Run(Limit);
        var renewed = Assert.Single(pair.Moon.Of<IkeSaRekeyed>()).NewIkeSa;

        var moon = pair.Moon.Of<IkeSaKeysDerived>().ToList();
        var sun = pair.Sun.Of<IkeSaKeysDerived>().ToList();
        Assert.Equal([established, renewed], moon.Select(k => k.IkeSa));
        Assert.Equal([established, renewed], sun.Select(k => k.IkeSa));
        Assert.Equal(id.InitiatorSpi, established.InitiatorSpi);
        for (int i = 0; i < 2; i++)
        {
            string line = moon[i].Entry.Format();
            Assert.Equal(line, sun[i].Entry.Format());
            Assert.True(Ikev2DecryptionTableEntry.TryParse(line, out var parsed, out string? error), error);
            Assert.Equal(encryption, parsed!.Encryption);
            Assert.Equal(integrity, parsed.Integrity);
            Assert.Equal(moon[i].IkeSa.ResponderSpi, parsed.ResponderSpi);
            Assert.NotEqual(parsed.EncryptionKeyInitiator, parsed.EncryptionKeyResponder);
            Assert.DoesNotContain(Convert.ToHexStringLower(parsed.EncryptionKeyInitiator), moon[i].ToString(), StringComparison.Ordinal);
        }
        Assert.NotEqual(moon[0].Entry.Format(), moon[1].Entry.Format());
    }
}
