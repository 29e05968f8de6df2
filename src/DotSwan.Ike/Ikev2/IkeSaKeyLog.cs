using DotSwan.Crypto;
using DotSwan.Ike.Engine;
using DotSwan.Ike.KeyLog;
using DotSwan.Ike.Proposals;

namespace DotSwan.Ike.Ikev2;

/// <summary>Builds the opt-in key-log output of an IKE SA (<see cref="Ikev2Connection.LogKeys"/>).</summary>
internal static class IkeSaKeyLog
{
    /// <summary>Adds <see cref="IkeSaKeysDerived"/> for the SA when its connection asks for key logging; nothing otherwise.</summary>
    public static void AddIfEnabled(Ikev2Connection connection, IkeSaId id, CryptoSuite? suite, IkeSaProtection? protection, List<EngineOutput> outputs)
    {
        if (!connection.LogKeys || suite is null || protection is null) { return; }
        if (suite.Encryption is not [var encryption, ..]) { return; }
        var keys = protection.Keys;
        bool aead = keys.SkAi.ReadOnlySpan.IsEmpty;
        IntegrityAlgorithm integrity = aead || suite.Integrity is not [var i, ..] ? IntegrityAlgorithm.None : i;
        int bits = encryption.Algorithm switch
        {
            EncryptionAlgorithm.Null => 0,
            EncryptionAlgorithm.TripleDes => 192,
            EncryptionAlgorithm.ChaCha20Poly1305 => 256,
            _ => encryption.KeyLength,
        };
        var entry = new Ikev2DecryptionTableEntry(id.InitiatorSpi, id.ResponderSpi,
            keys.SkEi.ReadOnlySpan.ToArray(), keys.SkEr.ReadOnlySpan.ToArray(), encryption.Algorithm, bits,
            keys.SkAi.ReadOnlySpan.ToArray(), keys.SkAr.ReadOnlySpan.ToArray(), integrity);
        outputs.Add(new IkeSaKeysDerived(id, connection.Name, entry));
    }
}
