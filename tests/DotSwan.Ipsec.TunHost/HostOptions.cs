using System.Globalization;
using System.Net;
using DotSwan.Crypto;
using DotSwan.TestHosts;

namespace DotSwan.Ipsec.TunHost;

/// <summary>The command line of the TUN host: `--name value` pairs, plus the flag `--tun-only` (<see cref="HostCommandLine"/>).</summary>
internal sealed class HostOptions
{
    public string TunName { get; private set; } = "dsw0";
    public string? TunAddress { get; private set; }
    public int Mtu { get; private set; } = 1400;
    public int TransmitQueueLength { get; private set; } = DotSwan.Ipsec.Backends.Tun.TunInterfaceSettings.DefaultTransmitQueueLength;
    public bool TunOnly { get; private set; }
    public DotSwan.Ipsec.Backends.Tun.TunOffloads Offloads { get; private set; } = DotSwan.Ipsec.Backends.Tun.TunOffloads.All;
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
    public IpsecProtocol Protocol { get; private set; } = IpsecProtocol.Esp;
    public bool UdpEncapsulation { get; private set; } = true;
    public List<string> Remote { get; } = [];
    public TimeSpan MaxRunTime { get; private set; } = TimeSpan.FromSeconds(300);

    public const string Usage =
        "usage: DotSwan.Ipsec.TunHost --tun NAME [--tun-address CIDR] [--mtu N] [--txqueuelen N] [--offload all|tcp|none] [--tun-only] --local IP --peer IP [--port N]\n" +
        "  --spi-in HEX --spi-out HEX --key-in HEX --key-out HEX --alg aes128gcm16|aes256gcm16|aes128-sha256|aes256-sha256\n" +
        "  [--protocol esp|ah] [--encap udp|none] (AH: --alg sha1|sha256|sha512|aesxcbc, never UDP; none: raw IP protocol 50/51)\n" +
        "  --remote PREFIX (repeatable) [--max-seconds N]\n" +
        "  keys: encryption key material (with salt for GCM) followed by the integrity key";

    public static HostOptions Parse(string[] args)
    {
        var options = new HostOptions();
        HostCommandLine.Parse(args, new HashSet<string>(StringComparer.Ordinal) { "--tun-only" }, _ => options.TunOnly = true, options.Set);
        if (!options.TunOnly && (options.Local is null || options.Peer is null || options.Remote.Count == 0 || options.SpiIn == 0 || options.SpiOut == 0))
        {
            throw new ArgumentException("--local, --peer, --remote, --spi-in and --spi-out are needed");
        }

        return options;
    }

    private void Set(string name, string value)
    {
        switch (name)
        {
            case "--tun": TunName = value; break;
            case "--tun-address": TunAddress = value; break;
            case "--mtu": Mtu = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--offload": Offloads = value switch
            {
                "all" => DotSwan.Ipsec.Backends.Tun.TunOffloads.All,
                "tcp" => DotSwan.Ipsec.Backends.Tun.TunOffloads.Checksum | DotSwan.Ipsec.Backends.Tun.TunOffloads.TcpSegmentation,
                "none" => DotSwan.Ipsec.Backends.Tun.TunOffloads.None,
                _ => throw new ArgumentException($"--offload all|tcp|none, not {value}"),
            }; break;
            case "--txqueuelen": TransmitQueueLength = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--local": Local = IPAddress.Parse(value); break;
            case "--peer": Peer = IPAddress.Parse(value); break;
            case "--port": Port = int.Parse(value, CultureInfo.InvariantCulture); break;
            case "--spi-in": SpiIn = uint.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture); break;
            case "--spi-out": SpiOut = uint.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture); break;
            case "--key-in": KeyIn = Convert.FromHexString(value); break;
            case "--key-out": KeyOut = Convert.FromHexString(value); break;
            case "--alg": SetAlgorithm(value); break;
            case "--protocol": Protocol = value switch { "esp" => IpsecProtocol.Esp, "ah" => IpsecProtocol.Ah, _ => throw new ArgumentException($"--protocol esp|ah, not {value}") }; break;
            case "--encap": UdpEncapsulation = value switch { "udp" => true, "none" => false, _ => throw new ArgumentException($"--encap udp|none, not {value}") }; break;
            case "--remote": Remote.Add(value); break;
            case "--max-seconds": MaxRunTime = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentException($"unknown option {name}");
        }
    }

    private void SetAlgorithm(string value)
    {
        (Encryption, KeyBits, Integrity) = value switch
        {
            // AH: the integrity algorithm alone.
            "sha1" => (EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.HmacSha196),
            "sha256" => (EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.HmacSha256128),
            "sha512" => (EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.HmacSha512256),
            "aesxcbc" => (EncryptionAlgorithm.Null, 0, IntegrityAlgorithm.AesXcbc96),
            "aes128gcm16" => (EncryptionAlgorithm.AesGcm16, 128, IntegrityAlgorithm.None),
            "aes256gcm16" => (EncryptionAlgorithm.AesGcm16, 256, IntegrityAlgorithm.None),
            "aes128-sha256" => (EncryptionAlgorithm.AesCbc, 128, IntegrityAlgorithm.HmacSha256128),
            "aes256-sha256" => (EncryptionAlgorithm.AesCbc, 256, IntegrityAlgorithm.HmacSha256128),
            _ => throw new ArgumentException($"unknown algorithm {value}"),
        };
    }
}
