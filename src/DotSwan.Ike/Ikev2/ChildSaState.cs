namespace DotSwan.Ike.Ikev2;

/// <summary>The life of one Child SA inside its IKE SA.</summary>
internal enum ChildSaState
{
    /// <summary>Installed and in use.</summary>
    Installed,

    /// <summary>We sent a CREATE_CHILD_SA that rekeys it and wait for the answer.</summary>
    Rekeying,

    /// <summary>Replaced by a new Child SA; stays installed until a Delete (ours or the peer's) removes it.</summary>
    Rekeyed,

    /// <summary>We sent an INFORMATIONAL Delete for it and wait for the answer.</summary>
    Deleting,
}
