using System.Buffers;
using System.Globalization;
using System.Net;
using DotSwan.Crypto;
using DotSwan.Crypto.Ciphers;
using DotSwan.Ipsec.Driver;
using DotSwan.Ipsec.Lifetimes;
using DotSwan.Ipsec.Replay;

namespace DotSwan.Ipsec.Manual;

/// <summary>
/// Validates a <see cref="ManualSaConfig"/> into driver install requests and installs it. Every problem is reported (not
/// only the first) with the SA it belongs to, what is wrong and what is allowed; nothing is installed unless all is valid.
/// Manual SAs have no lifetimes (like the kernel's static SAs): nothing rekeys them.
/// </summary>
public static class ManualKeying
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>
    /// Builds one <see cref="SaInstallRequest"/> per SA; false with the errors when anything is invalid. The caller disposes
    /// the requests' keys (see <see cref="DisposeKeys"/>).
    /// </summary>
    public static bool TryBuild(ManualSaConfig config, TransformRegistry registry, out IReadOnlyList<SaInstallRequest> requests, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(registry);
        var built = new List<SaInstallRequest>();
        var problems = new List<string>();
        var seen = new Dictionary<SaId, int>();
        for (int i = 0; i < config.Sas.Count; i++)
        {
            var sa = config.Sas[i];
            string where = string.Create(CultureInfo.InvariantCulture, $"SA #{i + 1} (SPI 0x{sa.Spi:x8})");
            int before = problems.Count;
            var request = Build(sa, registry, message => problems.Add($"{where}: {message}"));
            if (request is null)
            {
                continue;
            }

            if (seen.TryGetValue(request.Id, out int first))
            {
                problems.Add($"{where}: duplicate SPI 0x{sa.Spi:x8} {sa.Direction} to {sa.Destination} (already used by SA #{first + 1}); SPIs must be unique per direction and destination");
                DisposeKeys([request]);
                continue;
            }

            seen[request.Id] = i;
            if (problems.Count == before)
            {
                built.Add(request);
            }
        }

        if (problems.Count > 0)
        {
            DisposeKeys(built);
            requests = [];
            errors = problems;
            return false;
        }

        requests = built;
        errors = [];
        return true;
    }

    /// <summary>
    /// Validates <paramref name="config"/> and installs its policies and SAs into <paramref name="driver"/>; returns the
    /// errors (empty on success). Keys are zeroed after installation.
    /// </summary>
    public static IReadOnlyList<string> Install(IIpsecDriver driver, ManualSaConfig config, TransformRegistry? registry = null)
    {
        ArgumentNullException.ThrowIfNull(driver);
        if (!TryBuild(config, registry ?? TransformRegistry.Default, out var requests, out var errors))
        {
            return errors;
        }

        var problems = new List<string>();
        try
        {
            foreach (var policy in config.Policies)
            {
                var result = driver.InstallPolicy(policy);
                if (!result.IsOk)
                {
                    problems.Add($"policy {policy.Id}: {result}");
                }
            }

            foreach (var request in requests)
            {
                var result = driver.InstallSa(request);
                if (!result.IsOk)
                {
                    problems.Add($"SA 0x{request.Settings.Spi:x8}: {result}");
                }
            }
        }
        finally
        {
            DisposeKeys(requests);
        }

        return problems;
    }

    /// <summary>Zeroes the keys of built requests.</summary>
    public static void DisposeKeys(IEnumerable<SaInstallRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
        {
            request.EncryptionKey.Dispose();
            request.IntegrityKey?.Dispose();
        }
    }

    /// <summary>Parses hex key text ("0x" prefix optional, ':' separators allowed); false with a reason. Never throws on the text.</summary>
    public static bool TryParseHexKey(string? text, out byte[] key, out string? error)
    {
        key = [];
        var span = (text ?? "").Trim().Replace(":", "", StringComparison.Ordinal).AsSpan();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            span = span[2..];
        }

        if (span.Length % 2 != 0)
        {
            error = $"a hex key needs an even number of digits, got {span.Length}";
            return false;
        }

        int bad = span.IndexOfAnyExcept(HexDigits);
        if (bad >= 0)
        {
            error = $"'{span[bad]}' at position {bad + 1} is not a hex digit (0-9, a-f)";
            return false;
        }

        key = Convert.FromHexString(span);
        error = null;
        return true;
    }

    private static SaInstallRequest? Build(ManualSa sa, TransformRegistry registry, Action<string> report)
    {
        bool ok = true;
        void Fail(string message)
        {
            ok = false;
            report(message);
        }

        if (sa.Spi < 256)
        {
            Fail($"SPI {sa.Spi} is reserved (0 is invalid, 1-255 are reserved by IANA); use 0x100 or above");
        }

        var source = ParseAddress(sa.Source, "source", Fail);
        var destination = ParseAddress(sa.Destination, "destination", Fail);
        if (source is not null && destination is not null && source.AddressFamily != destination.AddressFamily)
        {
            Fail($"source {sa.Source} and destination {sa.Destination} must be of one address family");
        }

        if (sa.ReplayWindowSize is < 1 or > ReplayWindow.MaxSize)
        {
            Fail($"replay window {sa.ReplayWindowSize} is out of range; allowed 1 to {ReplayWindow.MaxSize}");
        }

        if (sa.Protocol == IpsecProtocol.Ah)
        {
            return BuildAh(sa, registry, source, destination, ok, Fail);
        }

        EncryptionTransformInfo info = default;
        if (!EspAlgorithmSuite.TryParse(sa.Algorithms, out var suite, out var suiteError))
        {
            Fail(suiteError!);
        }
        else if (!registry.TryDescribeEncryption(suite!.Encryption, suite.KeyLengthBits, out info, out var cryptoError))
        {
            Fail($"\"{sa.Algorithms}\" is not available: {cryptoError.Detail}");
            suite = null;
        }
        else if (suite.Integrity != IntegrityAlgorithm.None && !registry.TryDescribeIntegrity(suite.Integrity, out _))
        {
            Fail($"\"{sa.Algorithms}\": integrity algorithm {suite.Integrity} is not available");
            suite = null;
        }

        byte[] encryptionKey = [];
        byte[] integrityKey = [];
        try
        {
            if (!TryParseHexKey(sa.EncryptionKey, out encryptionKey, out var hexError))
            {
                Fail($"encryption key: {hexError}");
            }
            else if (suite is not null && encryptionKey.Length != info.KeyMaterialLength)
            {
                int salt = info.KeyMaterialLength - (info.KeyLengthBits / 8);
                string parts = salt > 0 && info.KeyLengthBits > 0 ? $" ({info.KeyLengthBits / 8}-byte key + {salt}-byte salt)" : "";
                Fail($"encryption key: {sa.Algorithms} needs {info.KeyMaterialLength} bytes{parts}, got {encryptionKey.Length}");
            }

            if (!TryParseHexKey(sa.IntegrityKey, out integrityKey, out hexError))
            {
                Fail($"integrity key: {hexError}");
            }
            else if (suite is not null)
            {
                int expected = suite.Integrity == IntegrityAlgorithm.None ? 0 : registry.IntegrityKeyLength(suite.Integrity);
                if (integrityKey.Length != expected)
                {
                    Fail(expected == 0
                        ? $"integrity key: {sa.Algorithms} is an AEAD and takes no integrity key, got {integrityKey.Length} bytes"
                        : $"integrity key: {suite.Integrity} needs {expected} bytes, got {integrityKey.Length}");
                }
            }

            if (!ok)
            {
                return null;
            }

            var settings = new SecurityAssociationSettings
            {
                Spi = sa.Spi,
                Direction = sa.Direction,
                Source = source!,
                Destination = destination!,
                Encryption = suite!.Encryption,
                EncryptionKeyLengthBits = suite.KeyLengthBits,
                Integrity = suite.Integrity,
                Mode = sa.Mode,
                UdpEncapsulation = sa.UdpEncapsulation,
                ExtendedSequenceNumbers = sa.ExtendedSequenceNumbers,
                ReplayWindowSize = sa.ReplayWindowSize,
                Lifetimes = SaLifetimes.Unlimited,
            };
            return new SaInstallRequest(settings, sa.ReqId, SecretBytes.CopyOf(encryptionKey),
                integrityKey.Length > 0 ? SecretBytes.CopyOf(integrityKey) : null);
        }
        finally
        {
            Array.Clear(encryptionKey);
            Array.Clear(integrityKey);
        }
    }

    private static SaInstallRequest? BuildAh(ManualSa sa, TransformRegistry registry, IPAddress? source, IPAddress? destination, bool ok, Action<string> fail)
    {
        bool valid = ok;
        void Fail(string message)
        {
            valid = false;
            fail(message);
        }

        if (sa.UdpEncapsulation.HasValue)
        {
            Fail("AH cannot be encapsulated in UDP (RFC 3948 carries ESP only); remove the UDP ports");
        }

        if (!string.IsNullOrWhiteSpace(sa.EncryptionKey))
        {
            Fail("AH does not encrypt: leave the encryption key empty and give the integrity key");
        }

        bool known = EspAlgorithmSuite.TryParseIntegrity(sa.Algorithms, out var integrity, out var suiteError);
        if (!known)
        {
            Fail(suiteError!);
        }
        else if (!registry.TryDescribeIntegrity(integrity, out _))
        {
            Fail($"AH integrity algorithm {integrity} is not available");
            known = false;
        }

        byte[] integrityKey = [];
        try
        {
            if (!TryParseHexKey(sa.IntegrityKey, out integrityKey, out var hexError))
            {
                Fail($"integrity key: {hexError}");
            }
            else if (known && integrityKey.Length != registry.IntegrityKeyLength(integrity))
            {
                Fail($"integrity key: {integrity} needs {registry.IntegrityKeyLength(integrity)} bytes, got {integrityKey.Length}");
            }

            if (!valid)
            {
                return null;
            }

            var settings = new SecurityAssociationSettings
            {
                Spi = sa.Spi,
                Direction = sa.Direction,
                Source = source!,
                Destination = destination!,
                Protocol = IpsecProtocol.Ah,
                Encryption = EncryptionAlgorithm.Null,
                Integrity = integrity,
                Mode = sa.Mode,
                ExtendedSequenceNumbers = sa.ExtendedSequenceNumbers,
                ReplayWindowSize = sa.ReplayWindowSize,
                Lifetimes = SaLifetimes.Unlimited,
            };
            return new SaInstallRequest(settings, sa.ReqId, SecretBytes.CopyOf([]), SecretBytes.CopyOf(integrityKey));
        }
        finally
        {
            Array.Clear(integrityKey);
        }
    }

    private static IPAddress? ParseAddress(string? text, string what, Action<string> fail)
    {
        if (IPAddress.TryParse(text ?? "", out var address)
            && address.AddressFamily is System.Net.Sockets.AddressFamily.InterNetwork or System.Net.Sockets.AddressFamily.InterNetworkV6
            && (text ?? "").Contains(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? '.' : ':', StringComparison.Ordinal))
        {
            return address;
        }

        fail($"{what} \"{text}\" is not an IPv4 or IPv6 address (e.g. 192.0.2.1 or 2001:db8::1)");
        return null;
    }
}
