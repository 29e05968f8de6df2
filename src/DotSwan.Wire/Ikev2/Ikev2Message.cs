namespace DotSwan.Wire.Ikev2;

/// <summary>A decoded IKEv2 message: its header and its (outer) payload chain.</summary>
/// <param name="Header">The header as received; NextPayload and Length are recomputed when encoding.</param>
/// <param name="Payloads">The payloads in wire order. An SK or SKF payload, when present, is last.</param>
public sealed record Ikev2Message(Ikev2Header Header, IReadOnlyList<Ikev2Payload> Payloads);
