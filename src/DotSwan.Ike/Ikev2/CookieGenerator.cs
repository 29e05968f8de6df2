using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// Stateless COOKIEs for IKE_SA_INIT (RFC 7296 §2.6): Cookie = VersionIdOfSecret | SHA-256(Ni | IPi | SPIi | secret).
/// The secret is random and replaced every lifetime; cookies made with the one before still verify, so an initiator
/// that got its cookie just before a change is not turned away. Holds no per-peer state. Not thread-safe.
/// </summary>
internal sealed class CookieGenerator : IDisposable
{
    private const int SecretLength = 32;
    private const int VersionLength = 4;

    /// <summary>Length of a cookie we make: version and SHA-256.</summary>
    public const int CookieLength = VersionLength + 32;

    private readonly IRandomSource _random;
    private readonly TimeSpan _lifetime;
    private readonly byte[] _current = new byte[SecretLength];
    private readonly byte[] _previous = new byte[SecretLength];
    private uint _currentVersion;
    private bool _hasCurrent;
    private bool _hasPrevious;
    private DateTimeOffset _createdAt;

    public CookieGenerator(IRandomSource random, TimeSpan lifetime)
    {
        _random = random;
        _lifetime = lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromMinutes(2);
    }

    /// <summary>How many times the secret was replaced.</summary>
    public long Rotations { get; private set; }

    /// <summary>The cookie for this initiator under the current secret.</summary>
    public byte[] Create(ReadOnlySpan<byte> ni, IPAddress initiatorAddress, ulong initiatorSpi, DateTimeOffset now)
    {
        Refresh(now);
        var cookie = new byte[CookieLength];
        BinaryPrimitives.WriteUInt32BigEndian(cookie, _currentVersion);
        Hash(ni, initiatorAddress, initiatorSpi, _current, cookie.AsSpan(VersionLength));
        return cookie;
    }

    /// <summary>Whether <paramref name="cookie"/> is one we made for this initiator under the current or the previous secret.</summary>
    public bool Verify(ReadOnlySpan<byte> cookie, ReadOnlySpan<byte> ni, IPAddress initiatorAddress, ulong initiatorSpi, DateTimeOffset now)
    {
        Refresh(now);
        if (cookie.Length != CookieLength) { return false; }
        uint version = BinaryPrimitives.ReadUInt32BigEndian(cookie);
        byte[] secret;
        if (version == _currentVersion) { secret = _current; }
        else if (_hasPrevious && version == _currentVersion - 1) { secret = _previous; }
        else { return false; }
        Span<byte> expected = stackalloc byte[CookieLength - VersionLength];
        Hash(ni, initiatorAddress, initiatorSpi, secret, expected);
        return CryptographicOperations.FixedTimeEquals(expected, cookie[VersionLength..]);
    }

    private void Refresh(DateTimeOffset now)
    {
        if (!_hasCurrent)
        {
            _random.Fill(_current);
            _currentVersion = 1;
            _hasCurrent = true;
            _createdAt = now;
            return;
        }
        if (now - _createdAt < _lifetime) { return; }
        // The previous secret only stays valid for one lifetime after it was replaced.
        _hasPrevious = now - _createdAt < _lifetime + _lifetime;
        _current.CopyTo(_previous, 0);
        _random.Fill(_current);
        _currentVersion++;
        _createdAt = now;
        Rotations++;
    }

    private static void Hash(ReadOnlySpan<byte> ni, IPAddress address, ulong spi, ReadOnlySpan<byte> secret, Span<byte> destination)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(ni);
        Span<byte> buffer = stackalloc byte[16];
        address.TryWriteBytes(buffer, out int written);
        hash.AppendData(buffer[..written]);
        BinaryPrimitives.WriteUInt64BigEndian(buffer, spi);
        hash.AppendData(buffer[..8]);
        hash.AppendData(secret);
        hash.GetHashAndReset(destination);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_current);
        CryptographicOperations.ZeroMemory(_previous);
    }
}
