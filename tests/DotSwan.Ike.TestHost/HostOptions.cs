using System.Globalization;
using System.Net;
using DotSwan.TestHosts;

namespace DotSwan.Ike.TestHost;

/// <summary>The command line of the IKE test host: `--name value` pairs, plus the flags `--initiate`, `--no-rekey-jitter` and `--rsa-pss` (<see cref="HostCommandLine"/>).</summary>
internal sealed class HostOptions
{
    public string TunName { get; private set; } = "dswike0";
    public IPAddress? Local { get; private set; }
    public IPAddress? Peer { get; private set; }
    public string LocalId { get; private set; } = "";
    public string RemoteId { get; private set; } = "";
    public string PreSharedKey { get; private set; } = "";
    public string IkeProposals { get; private set; } = "aes256gcm16-prfsha256-x25519";
    public string EspProposals { get; private set; } = "aes128gcm16";
    public string LocalSubnet { get; private set; } = "";
    public string RemoteSubnet { get; private set; } = "";
    public TimeSpan MaxRunTime { get; private set; } = TimeSpan.FromSeconds(120);
    public bool Initiate { get; private set; }
    public string LocalAuth { get; private set; } = "psk";
    public string RemoteAuth { get; private set; } = "psk";
    public string? CertificatePath { get; private set; }
    public string? KeyPath { get; private set; }
    public List<string> CaPaths { get; } = [];
    public List<string> CrlPaths { get; } = [];
    public List<string> IntermediatePaths { get; } = [];
    public bool RsaPss { get; private set; }
    public bool ForceEncapsulation { get; private set; } = true;
    public TimeSpan? KeepaliveInterval { get; private set; }
    public bool Fragmentation { get; private set; } = true;
    public int FragmentSize { get; private set; } = 1280;
    public TimeSpan? IkeRekeyTime { get; private set; }
    public TimeSpan? ChildRekeyTime { get; private set; }
    public bool NoRekeyJitter { get; private set; }
    public TimeSpan IkeReceiveDelay { get; private set; }
    public bool Ikev1 { get; private set; }
    public bool SessionKeyPfs { get; private set; }
    public bool Legacy { get; private set; }
    public bool Aggressive { get; private set; }
    public TimeSpan? SessionKeyLifetime { get; private set; }
    public TimeSpan? DeleteAfter { get; private set; }
    public bool Quiet { get; private set; }

    public const string Usage =
        "usage: DotSwan.Ike.TestHost --local IP --peer IP --local-id ID --remote-id ID [--psk TEXT]\n" +
        "  --local-ts CIDR --remote-ts CIDR [--ike PROPOSALS] [--esp PROPOSALS] [--tun NAME] [--max-seconds N] [--initiate]\n" +
        "  [--encap yes|no] [--keepalive SECONDS] [--fragmentation yes|no] [--fragment-size BYTES]\n"
        + "  [--ike-rekey-seconds N] [--child-rekey-seconds N] (lifetimes derived as strongSwan does; default 4 h and 1 h)\n"
        + "  [--no-rekey-jitter] [--ike-receive-delay-ms N] (hold received IKE messages back: an emulated path delay)\n"
        + "  [--ikev1 [--session-key-pfs] [--aggressive] [--session-key-seconds N]] [--delete-after-seconds N] [--legacy (3DES, MD5, MODP 768/1024 for IKE)]"
        + "\n"
        + "  [--quiet] (no line per IKE datagram sent; events and counters are still printed)\n"
        + "  [--auth psk|pubkey] [--remote-auth psk|pubkey] [--cert PEM --key PEM [--intermediate PEM]... [--rsa-pss]]\n"
        + "  [--ca PEM]... [--crl PEM|DER]...   (pubkey: our certificate and key; the CAs and CRLs the peer's certificate is checked against)";

    public static HostOptions Parse(string[] args)
    {
        var options = new HostOptions();
        HostCommandLine.Parse(args, new HashSet<string>(StringComparer.Ordinal)
        {
            "--initiate", "--no-rekey-jitter", "--ikev1", "--session-key-pfs", "--legacy", "--aggressive", "--rsa-pss", "--quiet",
        }, flag =>
        {
            switch (flag)
            {
                case "--initiate": options.Initiate = true; break;
                case "--ikev1": options.Ikev1 = true; break;
                case "--session-key-pfs": options.SessionKeyPfs = true; break;
                case "--legacy": options.Legacy = true; break;
                case "--aggressive": options.Aggressive = true; break;
                case "--rsa-pss": options.RsaPss = true; break;
                case "--quiet": options.Quiet = true; break;
                default: options.NoRekeyJitter = true; break;
            }
        }, (name, value) =>
        {
            switch (name)
            {
                case "--tun": options.TunName = value; break;
                case "--local": options.Local = IPAddress.Parse(value); break;
                case "--peer": options.Peer = IPAddress.Parse(value); break;
                case "--local-id": options.LocalId = value; break;
                case "--remote-id": options.RemoteId = value; break;
                case "--psk": options.PreSharedKey = value; break;
                case "--ike": options.IkeProposals = value; break;
                case "--esp": options.EspProposals = value; break;
                case "--local-ts": options.LocalSubnet = value; break;
                case "--remote-ts": options.RemoteSubnet = value; break;
                case "--auth": options.LocalAuth = Auth(value); break;
                case "--remote-auth": options.RemoteAuth = Auth(value); break;
                case "--cert": options.CertificatePath = value; break;
                case "--key": options.KeyPath = value; break;
                case "--ca": options.CaPaths.Add(value); break;
                case "--crl": options.CrlPaths.Add(value); break;
                case "--intermediate": options.IntermediatePaths.Add(value); break;
                case "--delete-after-seconds": options.DeleteAfter = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--session-key-seconds": options.SessionKeyLifetime = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--max-seconds": options.MaxRunTime = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--encap": options.ForceEncapsulation = YesNo(name, value); break;
                case "--keepalive": options.KeepaliveInterval = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--fragmentation": options.Fragmentation = YesNo(name, value); break;
                case "--fragment-size": options.FragmentSize = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--ike-rekey-seconds": options.IkeRekeyTime = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--child-rekey-seconds": options.ChildRekeyTime = TimeSpan.FromSeconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                case "--ike-receive-delay-ms": options.IkeReceiveDelay = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture)); break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        });

        if (options.Local is null || options.Peer is null || options.LocalId.Length == 0 || options.RemoteId.Length == 0
            || options.LocalSubnet.Length == 0 || options.RemoteSubnet.Length == 0)
        {
            throw new ArgumentException("--local, --peer, --local-id, --remote-id, --local-ts and --remote-ts are needed");
        }

        if ((options.LocalAuth == "psk" || options.RemoteAuth == "psk") && options.PreSharedKey.Length == 0)
        {
            throw new ArgumentException("--psk is needed when either side authenticates with a pre-shared key");
        }

        if (options.LocalAuth == "pubkey" && (options.CertificatePath is null || options.KeyPath is null))
        {
            throw new ArgumentException("--auth pubkey needs --cert and --key");
        }

        if (options.Ikev1 && options.LocalAuth != options.RemoteAuth)
        {
            throw new ArgumentException("IKEv1 negotiates one authentication method for both sides: --auth and --remote-auth must be the same");
        }

        if (options.RemoteAuth == "pubkey" && options.CaPaths.Count == 0)
        {
            throw new ArgumentException("--remote-auth pubkey needs at least one --ca");
        }

        return options;
    }

    private static string Auth(string value) => value is "psk" or "pubkey" ? value : throw new ArgumentException($"auth must be psk or pubkey, not {value}");

    private static bool YesNo(string name, string value) => value switch
    {
        "yes" => true,
        "no" => false,
        _ => throw new ArgumentException($"{name} takes yes or no"),
    };
}
