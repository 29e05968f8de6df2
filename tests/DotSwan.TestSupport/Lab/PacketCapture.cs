using System.Diagnostics;
using System.Text;
using DotSwan.Wire.Capture;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// A dumpcap capture on one interface inside a namespace, written as classic libpcap (what
/// <see cref="PcapReader"/> reads) with a capture filter (IKE ports by default, which also catches
/// UDP-encapsulated ESP on 4500). Stop it with <see cref="Stop"/> (SIGINT, bounded) before reading the file.
/// </summary>
public sealed class PacketCapture : IDisposable
{
    /// <summary>The default capture filter: IKE on 500 and NAT-T (IKE and ESP-in-UDP) on 4500.</summary>
    public const string IkeFilter = "udp port 500 or udp port 4500";

    private const string ProcessName = "dumpcap";
    private readonly Process process;
    private readonly StringBuilder stderr = new();
    private readonly LabTempDirectory directory;
    private bool stopped;

    /// <summary>Starts capturing on <paramref name="interfaceName"/> in <paramref name="ns"/> and waits (at most 10 s) until dumpcap says it is capturing.</summary>
    public PacketCapture(NetworkNamespace ns, string interfaceName, string filter = IkeFilter)
    {
        ArgumentNullException.ThrowIfNull(ns);
        directory = new LabTempDirectory("cap");
        FilePath = directory.PathOf("capture.pcap");
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        // `ip netns exec` execs dumpcap, so the PID we get is dumpcap's. -P: libpcap format, not pcapng.
        foreach (var a in new[] { "netns", "exec", ns.Name, ProcessName, "-i", interfaceName, "-f", filter, "-P", "-w", FilePath })
        {
            info.ArgumentList.Add(a);
        }
        process = new Process { StartInfo = info };
        var capturing = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { return; }
            lock (stderr) { stderr.AppendLine(e.Data); }
            if (e.Data.Contains("Capturing on", StringComparison.Ordinal)) { capturing.Set(); }
        };
        process.OutputDataReceived += (_, _) => { };
        try
        {
            process.Start();
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var clock = Stopwatch.StartNew();
            // dumpcap prints "Capturing on" before it opens the interface; it creates the output file (header first)
            // only after the socket is open and the filter attached. Packets sent earlier would be missed silently.
            while (!capturing.Wait(100) || !HasFileHeader())
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new LabException($"dumpcap on {ns.Name}/{interfaceName} did not start capturing: {Diagnostics}");
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
        finally
        {
            capturing.Dispose();
        }
    }

    private bool HasFileHeader()
    {
        var file = new FileInfo(FilePath);
        return file.Exists && file.Length >= 24;
    }

    /// <summary>dumpcap's PID.</summary>
    public int Pid => process.Id;

    /// <summary>True while dumpcap runs.</summary>
    public bool IsRunning => LabProcess.IsRunning(process.Id, ProcessName);

    /// <summary>The capture file (libpcap format); complete after <see cref="Stop"/>.</summary>
    public string FilePath { get; }

    /// <summary>What dumpcap printed (start, packet counts, errors).</summary>
    public string Diagnostics
    {
        get { lock (stderr) { return stderr.ToString(); } }
    }

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until the datagrams written so far satisfy <paramref name="condition"/>;
    /// true when they did. dumpcap writes the file as it goes but only hands packets over from the kernel buffer
    /// every few hundred milliseconds: stopping right after the traffic can lose its last packets.
    /// </summary>
    public bool WaitUntil(Func<IReadOnlyList<CapturedDatagram>, bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // A half-written last record makes the read fail: that is "not yet", not an error.
            if (File.Exists(FilePath) && PcapReader.TryReadUdp(ReadShared(), out var datagrams, out _) && condition(datagrams)) { return true; }
            if (clock.Elapsed > timeout || process.HasExited) { return false; }
            Thread.Sleep(100);
        }
    }

    private byte[] ReadShared()
    {
        using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Stops dumpcap (SIGINT so it flushes the file; SIGKILL after 5 s) and waits for it.</summary>
    public void Stop()
    {
        if (stopped) { return; }
        stopped = true;
        try
        {
            if (!process.HasExited)
            {
                LabProcess.Stop(process.Id, ProcessName, "INT", TimeSpan.FromSeconds(5));
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException) { /* never started */ }
    }

    /// <summary>Stops the capture and returns its UDP datagrams (throws <see cref="LabException"/> when the file does not parse).</summary>
    public IReadOnlyList<CapturedDatagram> StopAndRead()
    {
        Stop();
        if (!File.Exists(FilePath)) { throw new LabException($"no capture file: {Diagnostics}"); }
        if (!PcapReader.TryReadUdp(File.ReadAllBytes(FilePath), out var datagrams, out var error))
        {
            throw new LabException($"capture does not parse: {error}; {Diagnostics}");
        }
        return datagrams;
    }

    /// <summary>Stops the capture and deletes the file with its temp dir.</summary>
    public void Dispose()
    {
        try { Stop(); }
        finally
        {
            process.Dispose();
            directory.Dispose();
        }
    }
}
