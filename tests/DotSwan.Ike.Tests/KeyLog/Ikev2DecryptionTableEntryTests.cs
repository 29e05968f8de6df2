using DotSwan.Crypto;
using DotSwan.Ike.KeyLog;

namespace DotSwan.Ike.Tests.KeyLog;

public sealed class Ikev2DecryptionTableEntryTests
{
    [Theory]
    [InlineData("psk")]
    [InlineData("cert")]
    [InlineData("natt")]
    [InlineData("rekey")]
    [InlineData("rekey-collision")]
    public void Parses_and_formats_strongswans_tables_exactly(string capture)
    {
        foreach (var line in File.ReadLines(PcapFile.PathOf(capture + ".ikev2_decryption_table")))
        {
            Assert.True(Ikev2DecryptionTableEntry.TryParse(line, out var entry, out var error), error);
            Assert.Equal(line, entry!.Format());
            Assert.DoesNotContain(Convert.ToHexStringLower(entry.EncryptionKeyInitiator), entry.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Reads_the_psk_keys()
    {
        var line = File.ReadLines(PcapFile.PathOf("psk.ikev2_decryption_table")).Single();
        Assert.True(Ikev2DecryptionTableEntry.TryParse(line, out var entry, out _));
        Assert.Equal(0xfabb37da2d104857UL, entry!.InitiatorSpi);
        Assert.Equal(EncryptionAlgorithm.AesGcm16, entry.Encryption);
        Assert.Equal(256, entry.EncryptionKeyLengthBits);
        Assert.Equal(36, entry.EncryptionKeyInitiator.Length); // 32-byte key and 4-byte salt
        Assert.Equal(IntegrityAlgorithm.None, entry.Integrity);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a,b,c")]
    [InlineData("fabb37da2d104857,188c657c4d33f296,00,00,\"AES-GCM-999 with 16 octet ICV [RFC5282]\",,,\"NONE [RFC4306]\"")]
    [InlineData("fabb37da2d104857,188c657c4d33f296,00,00,\"AES-GCM-256 with 16 octet ICV [RFC5282]\",,,\"SHA-7\"")]
    [InlineData("zz,188c657c4d33f296,00,00,\"AES-GCM-256 with 16 octet ICV [RFC5282]\",,,\"NONE [RFC4306]\"")]
    [InlineData("fabb37da2d104857,188c657c4d33f296,0g,00,\"AES-GCM-256 with 16 octet ICV [RFC5282]\",,,\"NONE [RFC4306]\"")]
    public void Rejects_malformed_lines_with_a_reason(string line)
    {
        Assert.False(Ikev2DecryptionTableEntry.TryParse(line, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
