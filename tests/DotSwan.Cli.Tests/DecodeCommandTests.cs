using DotSwan.Cli.Commands;

namespace DotSwan.Cli.Tests;

public sealed class DecodeCommandTests
{
    [Theory]
    [InlineData("psk", 0)]
    [InlineData("cert", 0)]
    [InlineData("natt", 0)]
    [InlineData("rekey-collision", 1)] // strongSwan logged unusable keys for the rekeyed IKE SA (see SkProtectionTests)
    public void Decodes_the_lab_captures_with_their_key_tables(string capture, int expectedExit)
    {
        var (exit, output, error) = Decode(PcapFile.PathOf(capture + ".pcap"), PcapFile.PathOf(capture + ".ikev2_decryption_table"));
        Assert.Equal(expectedExit, exit);
        Assert.Equal("", error);
        Assert.Contains("IkeAuth request", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("psk", "4 encrypted payloads decrypted, 0 without keys, 0 failures; 6 ESP packets, 6 decrypted, 0 failures")]
    [InlineData("ikev1", "6 ESP packets, 6 decrypted, 0 failures")] // ESP AES-CBC with HMAC-SHA-256-128 from Quick Mode
    public void A_key_directory_decrypts_ike_and_esp(string capture, string summary)
    {
        string directory = Directory.CreateTempSubdirectory("dotswan-keys-").FullName;
        try
        {
            File.Copy(PcapFile.PathOf(capture + ".esp_sa"), Path.Combine(directory, "esp_sa"));
            string ikeTable = PcapFile.PathOf(capture + ".ikev2_decryption_table");
            if (File.Exists(ikeTable)) { File.Copy(ikeTable, Path.Combine(directory, "ikev2_decryption_table")); }
            var output = new StringWriter();
            var error = new StringWriter();
            int exit = DecodeCommand.Run(new FileInfo(PcapFile.PathOf(capture + ".pcap")), new DirectoryInfo(directory), output, error);
            Assert.Equal("", error.ToString());
            Assert.Equal(ExitCodes.Success, exit);
            Assert.Contains(summary, output.ToString(), StringComparison.Ordinal);
            Assert.Contains("ICMP echo request seq 1", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Reassembles_the_fragmented_certificate_exchange()
    {
        var (exit, output, _) = Decode(PcapFile.PathOf("cert.pcap"), PcapFile.PathOf("cert.ikev2_decryption_table"));
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("SKF fragment 1/", output, StringComparison.Ordinal);
        Assert.Contains("reassembled", output, StringComparison.Ordinal);
        Assert.Contains("CERT X509CertificateSignature", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_keys_encrypted_payloads_stay_encrypted_and_are_counted()
    {
        var (exit, output, _) = Decode(PcapFile.PathOf("psk.pcap"), null);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("0 encrypted payloads decrypted, 4 without keys", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Decodes_ikev1_clear_messages()
    {
        var (exit, output, _) = Decode(PcapFile.PathOf("ikev1.pcap"), null);
        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("IKEv1 IdentityProtection", output, StringComparison.Ordinal);
        Assert.Contains("encrypted,", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_capture_is_a_usage_error()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "this text file is certainly not a capture of anything");
            var (exit, _, error) = Decode(path, null);
            Assert.Equal(ExitCodes.UsageOrInputError, exit);
            Assert.Contains("not a libpcap file", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_files_and_bad_key_tables_are_usage_errors()
    {
        Assert.Equal(ExitCodes.UsageOrInputError, Decode("/nonexistent/capture.pcap", null).Exit);
        string table = Path.GetTempFileName();
        try
        {
            File.WriteAllText(table, "this,is,not,a,key,table\n");
            var (exit, _, error) = Decode(PcapFile.PathOf("psk.pcap"), table);
            Assert.Equal(ExitCodes.UsageOrInputError, exit);
            Assert.Contains(":1:", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(table);
        }
    }

    [Fact]
    public void Corrupted_ike_messages_are_reported_not_thrown()
    {
        var capture = File.ReadAllBytes(PcapFile.PathOf("psk.pcap"));
        var random = new Random(7);
        for (int i = 0; i < 300; i++)
        {
            var copy = capture.ToArray();
            for (int flips = 0; flips < 4; flips++) { copy[24 + random.Next(copy.Length - 24)] ^= (byte)(1 << random.Next(8)); }
            int exit = DecodeCommand.Run(copy, "mutated", [], [], TextWriter.Null, TextWriter.Null);
            Assert.InRange(exit, ExitCodes.Success, ExitCodes.UsageOrInputError);
        }
    }

    private static (int Exit, string Output, string Error) Decode(string capture, string? keys)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = DecodeCommand.Run(new FileInfo(capture), keys is null ? null : new FileInfo(keys), output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
