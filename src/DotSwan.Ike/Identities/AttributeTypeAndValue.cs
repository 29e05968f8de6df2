using System.Formats.Asn1;

namespace DotSwan.Ike.Identities;

/// <summary>One attribute of a distinguished name (X.501 AttributeTypeAndValue): its OID, its value and the ASN.1 string type it is encoded with.</summary>
public readonly record struct AttributeTypeAndValue(string Oid, string Value, UniversalTagNumber StringType);
