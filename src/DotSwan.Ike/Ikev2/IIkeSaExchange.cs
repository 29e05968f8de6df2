using DotSwan.Ike.Engine;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Ike.Ikev2;

/// <summary>An exchange we started on an established IKE SA (CREATE_CHILD_SA, a Child SA Delete) that waits for its response.</summary>
internal interface IIkeSaExchange
{
    /// <summary>The exchange type its response carries.</summary>
    Ikev2ExchangeType ExchangeType { get; }

    /// <summary>Handles the decrypted response; the IKE SA has already cleared its outstanding request.</summary>
    void OnResponse(IkeSa sa, IReadOnlyList<Ikev2Payload> inner, List<EngineOutput> outputs);

    /// <summary>Releases what the exchange holds (key exchange secrets) when it is dropped without a response.</summary>
    void Abandon();
}
