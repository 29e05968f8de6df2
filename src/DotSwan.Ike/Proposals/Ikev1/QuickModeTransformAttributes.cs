using DotSwan.Wire.Ikev1;

namespace DotSwan.Ike.Proposals.Ikev1;

/// <summary>
/// The IPsec DOI attributes (RFC 2407 §4.5) of one Quick Mode transform, as ESP and AH transforms both carry them;
/// a SA Life Duration counts only after a SA Life Type of seconds.
/// </summary>
internal readonly record struct QuickModeTransformAttributes(
    ushort? Authentication, ushort? Group, ushort? KeyLength, EncapsulationMode Mode, ExtendedSequenceNumbers Esn, TimeSpan? Lifetime)
{
    /// <summary>Reads the attributes of <paramref name="transform"/>; non-integer and unknown attributes are skipped.</summary>
    public static QuickModeTransformAttributes Read(Transform transform)
    {
        ushort? auth = null, group = null, keyLength = null;
        var mode = EncapsulationMode.None;
        var esn = ExtendedSequenceNumbers.None;
        TimeSpan? lifetime = null;
        var lifeType = LifeType.None;
        foreach (var attribute in transform.Attributes)
        {
            if (!attribute.TryGetInteger(out ulong value)) { continue; }
            ushort small = (ushort)Math.Min(value, ushort.MaxValue);
            switch (attribute.IpsecType)
            {
                case IpsecAttributeType.AuthenticationAlgorithm: auth = small; break;
                case IpsecAttributeType.GroupDescription: group = small; break;
                case IpsecAttributeType.KeyLength: keyLength = small; break;
                case IpsecAttributeType.EncapsulationMode: mode = (EncapsulationMode)small; break;
                case IpsecAttributeType.ExtendedSequenceNumber: esn = small == 1 ? ExtendedSequenceNumbers.Extended : ExtendedSequenceNumbers.None; break;
                case IpsecAttributeType.SaLifeType: lifeType = (LifeType)small; break;
                case IpsecAttributeType.SaLifeDuration when lifeType == LifeType.Seconds:
                    lifetime = TimeSpan.FromSeconds(Math.Min(value, (ulong)int.MaxValue));
                    break;
                default: break;
            }
        }

        return new QuickModeTransformAttributes(auth, group, keyLength, mode, esn, lifetime);
    }
}
