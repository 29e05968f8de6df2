using System.Net;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Proposals;

namespace DotSwan.Ike.Ikev2;

/// <summary>
/// How a responder settles on its connection in IKE_AUTH, as strongSwan does: IKE_SA_INIT only narrows the choice to the
/// connections whose addresses and IKE proposals fit; the peer's IDi (and the IDr it asked for, if any) then picks the best
/// of them by identity match (exact before wildcard before <c>%any</c>; ties keep the IKE_SA_INIT choice, then config order).
/// </summary>
internal static class ResponderConnectionSelector
{
    /// <summary>
    /// The connections that could serve an IKE SA negotiated with <paramref name="suite"/> between <paramref name="local"/> and
    /// <paramref name="remote"/>: <paramref name="chosen"/> first, then every other whose addresses fit (or are unspecified) and
    /// whose IKE proposals accept the suite.
    /// </summary>
    public static IReadOnlyList<Ikev2Connection> Candidates(IReadOnlyList<Ikev2Connection> connections, Ikev2Connection chosen,
        CryptoSuite suite, IPEndPoint local, IPEndPoint remote)
    {
        var offered = new[] { suite.ToOffered(1, ReadOnlyMemory<byte>.Empty) };
        var candidates = new List<Ikev2Connection> { chosen };
        foreach (var connection in connections)
        {
            if (ReferenceEquals(connection, chosen)) { continue; }
            if (!AddressFits(connection.LocalEndPoint.Address, local.Address) || !AddressFits(connection.RemoteEndPoint.Address, remote.Address))
            {
                continue;
            }
            if (ProposalSelector.Select(connection.IkeProposals, offered, peerKeyExchange: suite.KeyExchange[0]).IsSuccess)
            {
                candidates.Add(connection);
            }
        }
        return candidates;
    }

    /// <summary>
    /// The candidate whose remote identity best matches <paramref name="initiatorId"/> and whose local identity accepts
    /// <paramref name="responderId"/> (when the peer sent IDr); null with a reason when none does.
    /// </summary>
    public static Ikev2Connection? Select(IReadOnlyList<Ikev2Connection> candidates, IkeIdentity initiatorId, IkeIdentity? responderId,
        out string reason)
    {
        Ikev2Connection? best = null;
        var bestRank = (Remote: IdentityMatch.None, Local: IdentityMatch.None);
        foreach (var candidate in candidates)
        {
            var remoteMatch = candidate.RemoteIdentity.Match(initiatorId);
            if (remoteMatch == IdentityMatch.None) { continue; }
            // Without IDr the peer takes whoever we are: rank it like %any.
            var localMatch = responderId is null ? IdentityMatch.Any : candidate.LocalIdentity.Match(responderId);
            if (localMatch == IdentityMatch.None) { continue; }
            if (best is null || remoteMatch > bestRank.Remote || (remoteMatch == bestRank.Remote && localMatch > bestRank.Local))
            {
                best = candidate;
                bestRank = (remoteMatch, localMatch);
            }
        }
        reason = best is not null
            ? ""
            : $"AUTHENTICATION_FAILED: no connection accepts peer identity {initiatorId}"
                + (responderId is null ? "" : $" asking for {responderId}")
                + ": " + string.Join("; ", candidates.Select(c => c.RemoteIdentity.Match(initiatorId) == IdentityMatch.None
                    ? $"{c.Name}: {initiatorId} does not match the configured {c.RemoteIdentity}"
                    : $"{c.Name}: our identity {c.LocalIdentity} is not the requested {responderId}"));
        return best;
    }

    /// <summary>
    /// <paramref name="connections"/> with those whose local and remote addresses fit the datagram's first (config order
    /// kept within each group), so that IKE_SA_INIT starts from a connection of the address the peer came to and from (a
    /// daemon listening on several addresses with the same identities on each).
    /// </summary>
    public static IEnumerable<Ikev2Connection> AddressesFirst(IReadOnlyList<Ikev2Connection> connections, IPEndPoint local, IPEndPoint remote) =>
        connections.OrderBy(c => AddressFits(c.LocalEndPoint.Address, local.Address) && AddressFits(c.RemoteEndPoint.Address, remote.Address) ? 0 : 1);

    private static bool AddressFits(IPAddress configured, IPAddress actual) =>
        configured.Equals(IPAddress.Any) || configured.Equals(IPAddress.IPv6Any) || configured.Equals(actual);
}
