using System.Diagnostics;
using System.Globalization;
using System.Net;
using DotSwan.Crypto;
using DotSwan.Ike.Authentication;
using DotSwan.Ike.Engine;
using DotSwan.Ike.Identities;
using DotSwan.Ike.Ikev2;
using DotSwan.Ike.Proposals;
using DotSwan.Ike.TrafficSelectors;

namespace DotSwan.LoadTester;

/// <summary>
/// The load initiator against a DotSwan responder engine in the same process, datagrams handed over directly (no
/// sockets, no daemon, no data plane: the responder's Child SA keys are disposed as the outputs come). It measures what
/// the responder engine holds per established IKE SA with its Child SA: the managed heap after a full, compacting GC
/// with the initiator's engine gone, minus the same before the run, divided by the SAs. Prints one line of key=value
/// results, with the CPU time the whole process spent per handshake (both sides) at every tenth of the run, and the
/// growth of the process's RSS per SA (both engines: managed heap, its slack, and libcrypto's contexts).
/// </summary>
internal static class InProcessRun
{
    public static int Run(LoadSettings settings, TextWriter output)
    {
        var responderConnection = new Ikev2Connection("load", settings.Remote, settings.Local, IkeIdentity.Parse(settings.ResponderId),
            IkeIdentity.Any, settings.PreSharedKey, ProposalParser.ParseList(settings.IkeProposal, ProposalProtocol.Ike),
            ProposalParser.ParseList(settings.EspProposal, ProposalProtocol.Esp),
            [TrafficSelector.FromSubnet(IPAddress.Parse("10.2.0.0"), 16)], [TrafficSelector.FromSubnet(IPAddress.Parse("10.1.0.0"), 16)]);
        if (settings.Certificates is { Responder: { } responderCertificate } certificates)
        {
            // --auth cert: the responder signs with its own certificate from the same CA and checks the initiators' ones.
            responderConnection = responderConnection with
            {
                LocalAuthentication = AuthenticationClass.PublicKey,
                RemoteAuthentication = AuthenticationClass.PublicKey,
                LocalCertificate = responderCertificate,
                CertificateTrust = certificates.Trust,
            };
        }

        long baseline = HeapAfterFullCollection();
        long rssBefore = Environment.WorkingSet;
        var responder = new Ikev2Engine([responderConnection], SystemRandomSource.Instance);
        var initiator = new LoadInitiator(settings);
        var process = Process.GetCurrentProcess();
        var startCpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var sends = new List<SendDatagram>();
        var next = new List<SendDatagram>();
        var marks = new List<string>();
        int nextMark = Math.Max(1, settings.Count / 10);
        var lastCpu = startCpu;
        int lastEstablished = 0;
        while (!initiator.Done)
        {
            var now = DateTimeOffset.UtcNow;
            initiator.Fill(now, sends);
            // Bounded: every exchange completes within a few rounds when nothing is lost.
            for (int round = 0; round < 16 && sends.Count > 0; round++)
            {
                foreach (var send in sends)
                {
                    foreach (var o in responder.Receive(send.Datagram.Span, send.Remote, send.Local, now))
                    {
                        switch (o)
                        {
                            case SendDatagram answer:
                                initiator.Receive(answer.Datagram.Span, answer.Remote, answer.Local, now, next);
                                break;
                            case InstallChildSa install:
                                install.Inbound.EncryptionKey.Dispose();
                                install.Inbound.IntegrityKey.Dispose();
                                install.Outbound.EncryptionKey.Dispose();
                                install.Outbound.IntegrityKey.Dispose();
                                break;
                            default:
                                break;
                        }
                    }
                }
                (sends, next) = (next, sends);
                next.Clear();
            }
            sends.Clear();
            if (initiator.Established + initiator.Failed >= nextMark)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                int done = initiator.Established - lastEstablished;
                marks.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{initiator.Established}:{(done > 0 ? (cpu - lastCpu).TotalMilliseconds / done : 0):F3}"));
                lastCpu = cpu;
                lastEstablished = initiator.Established;
                nextMark += Math.Max(1, settings.Count / 10);
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(20)) { break; }
        }
        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpuTotal = process.TotalProcessorTime - startCpu;
        int established = initiator.Established, failed = initiator.Failed;
        string? failure = initiator.FirstFailure;
        long bothHeld = HeapAfterFullCollection();
        long rssGrowth = Environment.WorkingSet - rssBefore;
        initiator.Dispose();
        initiator = null;
        long held = HeapAfterFullCollection();
        int count = responder.IkeSaCount;
        string failureText = failure is null ? "" : $" first_failure=\"{failure}\"";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"mode=in-process established={established} failed={failed} responder_ike_sas={count} seconds={elapsed.TotalSeconds:F1} cpu_ms_per_handshake_both_sides={cpuTotal.TotalMilliseconds / Math.Max(1, established):F3} responder_heap_bytes_per_sa={(held - baseline) / (double)Math.Max(1, count):F0} both_sides_heap_bytes_per_sa={(bothHeld - baseline) / (double)Math.Max(1, count):F0} both_sides_rss_growth_per_sa={rssGrowth / (double)Math.Max(1, count):F0} cpu_marks={string.Join(',', marks)}{failureText}"));
        GC.KeepAlive(responder);
        responder.Dispose();
        return established == settings.Count ? 0 : 1;
    }

    private static long HeapAfterFullCollection()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
