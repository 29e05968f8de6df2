using System.Net;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Ikev1;

namespace DotSwan.LoadTester;

/// <summary>
/// Sans-I/O load initiator (like strongSwan's load-tester): starts <c>count</c> handshakes, each an IKE (ISAKMP) SA with
/// its own initiator SPI (cookie) and identity (load-N.lab.example) and one Child SA (IPsec SA pair), keeping at most
/// <c>window</c> of them unfinished at a time. The IKE version's engine comes from <see cref="LoadSettings.CreateEngine"/>.
/// The caller moves datagrams between it and the responder and calls <see cref="OnTimer"/> now and then (retransmits).
/// </summary>
internal sealed class LoadInitiator : IDisposable
{
    private readonly ILoadEngine _engine;
    private readonly LoadSettings _settings;
    // Keyed by our (initiator) SPI or cookie: the IkeSaId returned when starting has no responder SPI yet.
    private readonly HashSet<ulong> _pending = [];
    private int _started;

    public LoadInitiator(LoadSettings settings)
    {
        _settings = settings;
        _engine = settings.CreateEngine();
    }

    /// <summary>Handshakes whose Child SA was established.</summary>
    public int Established { get; private set; }

    /// <summary>Handshakes that failed (the first reason is kept in <see cref="FirstFailure"/>).</summary>
    public int Failed { get; private set; }

    /// <summary>The first failure's reason, if any.</summary>
    public string? FirstFailure { get; private set; }

    /// <summary>Whether every handshake has been started and has finished (established or failed).</summary>
    public bool Done => _started == _settings.Count && _pending.Count == 0;

    /// <summary>Starts handshakes until the in-flight window is full or all have been started.</summary>
    public void Fill(DateTimeOffset now, List<SendDatagram> sends)
    {
        while (_started < _settings.Count && _pending.Count < _settings.Window)
        {
            var outputs = _engine.Start(_started++, now, out ulong spi);
            _pending.Add(spi);
            Collect(outputs, sends);
        }
    }

    /// <summary>Hands one received IKE message (without non-ESP marker) to the engine.</summary>
    public void Receive(ReadOnlySpan<byte> datagram, IPEndPoint local, IPEndPoint remote, DateTimeOffset now, List<SendDatagram> sends) =>
        Collect(_engine.Receive(datagram, local, remote, now), sends);

    /// <summary>Retransmissions and give-ups.</summary>
    public void OnTimer(DateTimeOffset now, List<SendDatagram> sends) => Collect(_engine.OnTimer(now), sends);

    private void Collect(IReadOnlyList<EngineOutput> outputs, List<SendDatagram> sends)
    {
        foreach (var output in outputs)
        {
            switch (output)
            {
                case SendDatagram send:
                    sends.Add(send);
                    break;
                case ChildSaEstablished child when _pending.Remove(child.IkeSa.InitiatorSpi):
                    Established++;
                    break;
                case IkeSaFailed failed when _pending.Remove(failed.IkeSa.InitiatorSpi):
                    Fail($"{failed.Kind}: {failed.Reason}");
                    break;
                case QuickModeFailed failed when _pending.Remove(failed.IkeSa.InitiatorSpi):
                    Fail($"Quick Mode {failed.Kind}: {failed.Reason}");
                    break;
                case IkeSaDeleted deleted when _pending.Remove(deleted.IkeSa.InitiatorSpi):
                    Fail("deleted before its Child SA was established");
                    break;
                default:
                    break;
            }
        }
    }

    private void Fail(string reason)
    {
        Failed++;
        FirstFailure ??= reason;
    }

    public void Dispose() => _engine.Dispose();
}
