using System.Net;

namespace DotSwan.Ipsec.Transport;

/// <summary>An IKE message received on the NAT-T port, without its non-ESP marker, for the IKE engine.</summary>
/// <param name="Message">The IKE message (from the IKE header on).</param>
/// <param name="From">The sender's address and port.</param>
public sealed record IkeDatagram(byte[] Message, IPEndPoint From);
