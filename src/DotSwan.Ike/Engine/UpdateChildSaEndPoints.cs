using System.Net;

namespace DotSwan.Ike.Engine;

/// <summary>
/// The peer's address or port changed (its NAT mapping moved, RFC 7296 §2.23): send the IKE SA's ESP to the new
/// endpoint from now on. The Child SAs of <paramref name="IkeSa"/> keep their keys and SPIs.
/// </summary>
/// <param name="IkeSa">The IKE SA whose Child SAs are concerned.</param>
/// <param name="Local">Our endpoint.</param>
/// <param name="Remote">The peer's new endpoint.</param>
/// <param name="UdpEncapsulation">The UDP encapsulation to use, or null for plain ESP.</param>
public sealed record UpdateChildSaEndPoints(IkeSaId IkeSa, IPEndPoint Local, IPEndPoint Remote, UdpEncapsulation? UdpEncapsulation) : EngineOutput;
