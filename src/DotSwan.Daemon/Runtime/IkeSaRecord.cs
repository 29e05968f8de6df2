using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals;

namespace DotSwan.Daemon.Runtime;

/// <summary>What the daemon knows about one IKE SA beyond the engine's state (for status, DPD, up/down). Loop thread only.</summary>
internal sealed class IkeSaRecord(ulong initiatorSpi)
{
    public ulong InitiatorSpi { get; } = initiatorSpi;

    public IkeSaId Id { get; set; } = new(initiatorSpi, 0);

    public string Connection { get; set; } = "";

    /// <summary>2 for an IKE SA of the IKEv2 engine, 1 for an ISAKMP SA of the IKEv1 engine.</summary>
    public int Version { get; set; } = 2;

    public bool Initiator { get; set; }

    public IPEndPoint? Local { get; set; }

    public IPEndPoint? Remote { get; set; }

    public IkeIdentity? RemoteIdentity { get; set; }

    public CryptoSuite? Suite { get; set; }

    public DateTimeOffset? EstablishedAt { get; set; }

    public DateTimeOffset? NextDpd { get; set; }

    public bool DeletedByUs { get; set; }
}
