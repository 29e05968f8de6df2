using System.Globalization;
using System.Net;
using DotSwan.Crypto;

namespace DotSwan.Ipsec.TunHost;

/// <summary>The command line of the TUN host: `--name value` pairs, plus the flag `--tun-only`.</summary>
internal sealed class HostOptions
{
    public string TunName { get; private set; } = "dsw0";
    public string? TunAddress { get; private set; }
    public int Mtu { get; private set; } = 1400;
    public bool TunOnly { get; private set; }
    public IPAddress? Local { get; private set; }
    public IPAddress? Peer { get; private set; }
    public int Port { get; private set; } = 4500;
    public uint SpiIn { get; private set; }
    public uint SpiOut { get; private set; }
    public byte[] KeyIn { get; private set; } = [];
    public byte[] KeyOut { get; private set; } = [];
    public EncryptionAlgorithm Encryption { get; private set; } = EncryptionAlgorithm.AesGcm16;
    public int KeyBits { get; private set; } = 128;
    public IntegrityAlgorithm Integrity { get; private set; } = IntegrityAlgorithm.None;
    public List<string> Remote { get; } = [];
    public TimeSpan MaxRunTime { get; private set; } = TimeSpan.FromSeconds(300);

    public const string Usage =
        "usage: DotSwan.Ipsec.TunHost --tun NAME [--tun-address CIDR] [--mtu N] [--tun-only] --local IP --peer IP [--port N]\n" +
        "  --spi-in HEX --spi-out HEX --key-in HEX --key-out HEX --alg aes128gcm16|aes256gcm16|aes128-sha256|aes256-sha256\n" +
        "  --remote PREFIX (repeatable) [--max-seconds N]\n" +
        "  keys: encryption key material (with salt for GCM) followed by the integrity key";

    public static HostOptions Parse(string[] args)
    {
        var options = new HostOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == "--tun-only")
            {
                options.TunOnly = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            string value = args[++i];
            switch (name)
            {
                case "--tun": options.TunName = value; break;
                case "--tun-address": options.TunAddress = value; break;
                case "--mtu": options.Mtu = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--local": options.Local = IPAddress.Parse(value); break;
                case "--peer": options.Peer = IPAddress.Parse(value); break;
                case "--port": options.Port = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--spi-in": options.SpiIn = uint.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture); break;
                case "--spi-out": options.SpiOut = uint.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture); break;
                case "--key-in": options.KeyIn = Convert.FromHexString(value); break;
                case "--key-out": options.KeyOut = Convert.FromHexString(value); break;
                case "--alg": options.SetAlgorithm(value); break;
                case "--remote": options.Remote.Add(value); break;
                case "--max-seconds": options.MaxRunTime = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }

        if (!options.TunOnly && (options.Local is null || options.Peer is null || options.Remote.Count == 0 || options.SpiIn == 0 || options.SpiOut == 0))
        {
            throw new ArgumentException("--local, --peer, --remote, --spi-in and --spi-out are needed");
        }

        return options;
    }

    private void SetAlgorithm(string value)
    {
        (Encryption, KeyBits, Integrity) = value switch
        {
            "aes128gcm16" => (EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None),
            "aes256gcm16" => (EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None),
            "aes128-sha256" => (EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128),
            "aes256-sha256" => (EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha256128),
            _ => throw new ArgumentException($"unknown algorithm {value}"),
        };
    }
}
