using System.Net;
using DotSwan.Ike.Engine;

namespace DotSwan.LoadTester;

/// <summary>
/// One IKE version's initiator engine as the load driver sees it: start handshake number N (its own identity and SA), hand
/// it received messages and timer ticks. Every handshake is one IKE (ISAKMP) SA plus one Child SA (IPsec SA pair); the
/// engines report them with the shared <see cref="EngineOutput"/> types, so the driver (<see cref="LoadInitiator"/>) is the same for both.
/// </summary>
internal interface ILoadEngine : IDisposable
{
    /// <summary>Starts handshake <paramref name="index"/>; <paramref name="initiatorSpi"/> is our SPI (IKEv2) or cookie (IKEv1), which its events carry.</summary>
    IReadOnlyList<EngineOutput> Start(int index, DateTimeOffset now, out ulong initiatorSpi);

    /// <summary>Hands one received IKE message (without non-ESP marker) to the engine.</summary>
    IReadOnlyList<EngineOutput> Receive(ReadOnlySpan<byte> datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now);

    /// <summary>Retransmissions and give-ups.</summary>
    IReadOnlyList<EngineOutput> OnTimer(DateTimeOffset now);
}
