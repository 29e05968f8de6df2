using System.Globalization;

namespace DotSwan.Ike.KeyLog;

/// <summary>
/// One line of Wireshark's <c>ikev1_decryption_table</c> (the ISAKMP dissector's UAT): the initiator's cookie and the
/// phase 1 encryption key (the cipher key derived from SKEYID_e, RFC 2409 Appendix B), both in hex. Wireshark derives the
/// IVs from the captured key exchange itself. Written only when the user asks for a key log.
/// </summary>
/// <param name="InitiatorCookie">CKY-I of the ISAKMP SA.</param>
/// <param name="EncryptionKey">The phase 1 cipher key.</param>
public sealed record Ikev1DecryptionTableEntry(ulong InitiatorCookie, byte[] EncryptionKey)
{
    /// <summary>The UAT line <c>cookie,key</c> (as strongSwan's save-keys plugin writes it; tshark reads it from its profile or with <c>-o uat:ikev1_decryption_table:LINE</c>).</summary>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{InitiatorCookie:x16},{Convert.ToHexStringLower(EncryptionKey)}");

    /// <summary>Never prints the key.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Ikev1DecryptionTableEntry {{ InitiatorCookie = {InitiatorCookie:x16} }}");
}
