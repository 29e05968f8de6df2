using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// Test-only HMAC-SHA-224 IPrf over BouncyCastle, used only for the HMAC-SHA-224 cases of the ACVP vectors: IKE has no
/// PRF_HMAC_SHA2_224 transform, so the registry (and the BCL) have none. Every other HMAC the tests use is the real PRF
/// from <see cref="TransformRegistry"/> (see <see cref="KdfPrfs"/>).
/// </summary>
internal sealed class TestHmacPrf : IPrf
{
    /// <summary>No IANA id exists for HMAC-SHA-224; 0 keeps the derivations on their HMAC (whole-nonce key) path.</summary>
    public PrfAlgorithm Algorithm => 0;

    public int OutputLength => 28;

    public int KeyLength => 28;

    public void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> output)
    {
        var mac = new HMac(new Sha224Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data);
        Assert.Equal(OutputLength, mac.DoFinal(output));
    }

    public void Dispose()
    {
    }
}
