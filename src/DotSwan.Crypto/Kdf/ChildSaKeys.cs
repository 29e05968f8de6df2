namespace DotSwan.Crypto.Kdf;

/// <summary>
/// The keys of a Child SA pair. "Initiator" keys protect traffic from the initiator to the responder (the SA with the
/// responder's inbound SPI), "responder" keys the reverse direction. IKEv2 takes them from KEYMAT in the order
/// encryption then integrity, initiator→responder first (RFC 7296 §2.17); IKEv1 from one KEYMAT per direction.
/// Disposing zeroes them.
/// </summary>
public sealed class ChildSaKeys : IDisposable
{
    internal ChildSaKeys(ReadOnlySpan<byte> initiatorKeyMaterial, ReadOnlySpan<byte> responderKeyMaterial, ChildSaKeyLengths lengths)
    {
        InitiatorEncryptionKey = SecretBytes.CopyOf(initiatorKeyMaterial[..lengths.EncryptionKeyLength]);
        InitiatorIntegrityKey = SecretBytes.CopyOf(initiatorKeyMaterial.Slice(lengths.EncryptionKeyLength, lengths.IntegrityKeyLength));
        ResponderEncryptionKey = SecretBytes.CopyOf(responderKeyMaterial[..lengths.EncryptionKeyLength]);
        ResponderIntegrityKey = SecretBytes.CopyOf(responderKeyMaterial.Slice(lengths.EncryptionKeyLength, lengths.IntegrityKeyLength));
    }

    /// <summary>Encryption key (with salt) for initiator→responder traffic.</summary>
    public SecretBytes InitiatorEncryptionKey { get; }

    /// <summary>Integrity key for initiator→responder traffic (empty with AEAD).</summary>
    public SecretBytes InitiatorIntegrityKey { get; }

    /// <summary>Encryption key (with salt) for responder→initiator traffic.</summary>
    public SecretBytes ResponderEncryptionKey { get; }

    /// <summary>Integrity key for responder→initiator traffic (empty with AEAD).</summary>
    public SecretBytes ResponderIntegrityKey { get; }

    /// <summary>Zeroes all keys.</summary>
    public void Dispose()
    {
        InitiatorEncryptionKey.Dispose();
        InitiatorIntegrityKey.Dispose();
        ResponderEncryptionKey.Dispose();
        ResponderIntegrityKey.Dispose();
    }

    /// <summary>Never prints key material.</summary>
    public override string ToString() =>
        $"ChildSaKeys(encryption {InitiatorEncryptionKey.Length} B, integrity {InitiatorIntegrityKey.Length} B)";
}
