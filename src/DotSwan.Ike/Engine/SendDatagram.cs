using System.Net;

namespace DotSwan.Ike.Engine;

/// <summary>Send <paramref name="Datagram"/> (an IKE message, without any non-ESP marker) from <paramref name="Local"/> to <paramref name="Remote"/>.</summary>
/// <param name="Local">Our address and port.</param>
/// <param name="Remote">The peer's address and port.</param>
/// <param name="Datagram">The UDP payload.</param>
public sealed record SendDatagram(IPEndPoint Local, IPEndPoint Remote, ReadOnlyMemory<byte> Datagram) : EngineOutput;
