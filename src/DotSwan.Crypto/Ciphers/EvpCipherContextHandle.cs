using System.Runtime.InteropServices;
using DotSwan.Crypto.Native;

namespace DotSwan.Crypto.Ciphers;

/// <summary>
/// Owns one libcrypto EVP_CIPHER_CTX. EVP_CIPHER_CTX_free cleanses the context (and with it the AES key schedule)
/// before freeing it, so releasing the handle is what erases the key.
/// </summary>
internal sealed class EvpCipherContextHandle : SafeHandle
{
    /// <summary>An invalid handle; the marshaller and <see cref="Create"/> fill it.</summary>
    public EvpCipherContextHandle()
        : base(0, ownsHandle: true)
    {
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == 0;

    /// <summary>Allocates a context; the result <see cref="IsInvalid"/> when libcrypto is out of memory.</summary>
    public static EvpCipherContextHandle Create()
    {
        var context = new EvpCipherContextHandle();
        context.SetHandle(LibCryptoEvpAead.EVP_CIPHER_CTX_new());
        return context;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        LibCryptoEvpAead.EVP_CIPHER_CTX_free(handle);
        return true;
    }
}
