namespace DotSwan.Ike.Ikev2;

/// <summary>What <see cref="FragmentReassembler.Add"/> did with a fragment.</summary>
internal enum FragmentResult
{
    /// <summary>Kept; more fragments are missing.</summary>
    Incomplete,

    /// <summary>The message is whole and its inner payloads decoded.</summary>
    Complete,

    /// <summary>A fragment already held.</summary>
    Duplicate,

    /// <summary>Its integrity check or decryption failed.</summary>
    Unauthenticated,

    /// <summary>Outside the bounds or inconsistent with the stored fragments (or the whole did not decode).</summary>
    Rejected,
}
