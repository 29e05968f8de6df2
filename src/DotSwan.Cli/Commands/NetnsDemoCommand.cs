using System.Globalization;
using System.Runtime.InteropServices;
using DotSwan.Cli.Demo;
using DotSwan.Cli.Demo.Netns;

namespace DotSwan.Cli.Commands;

/// <summary>
/// <c>dotswan demo --netns</c>: runs <see cref="NetnsDemo"/> when root, bounded by <see cref="NetnsDemo.Timeout"/>. Exit 0
/// on success; 1 with the reason on failure; <see cref="ExitCodes.NeedsRoot"/> without root (nothing done);
/// <see cref="ExitCodes.Interrupted"/> after Ctrl-C or SIGTERM. SIGINT, SIGTERM and SIGHUP do not end the process at once: they
/// cancel the run, which then stops its daemons and deletes its namespaces before exiting.
/// </summary>
internal static class NetnsDemoCommand
{
    public static int Run(TextWriter output, TextWriter error, bool? isRoot = null, TimeSpan? timeout = null)
    {
        if (!OperatingSystem.IsLinux())
        {
            error.WriteLine("dotswan demo --netns: needs Linux (network namespaces, veth and TUN devices); run dotswan demo without --netns");
            return ExitCodes.UsageOrInputError;
        }

        if (!(isRoot ?? Environment.IsPrivilegedProcess))
        {
            error.WriteLine("dotswan demo --netns: needs root (it creates network namespaces, a veth pair and TUN devices); "
                + "run it with sudo, or run dotswan demo without --netns (no root needed)");
            return ExitCodes.NeedsRoot;
        }

        var limit = timeout ?? NetnsDemo.Timeout;
        using var cancel = new CancellationTokenSource(limit);
        using var interrupt = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token, interrupt.Token);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupt.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        try
        {
            new NetnsDemo(output, error).RunAsync(linked.Token).GetAwaiter().GetResult();
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            error.WriteLine("dotswan demo --netns: interrupted; its daemons and namespaces are removed");
            return ExitCodes.Interrupted;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dotswan demo --netns: FAILED: not finished after {limit.TotalSeconds:0.###} s"));
        }
        catch (DemoFailedException e)
        {
            error.WriteLine($"dotswan demo --netns: FAILED: {e.Message}");
        }
#pragma warning disable CA1031 // Any other failure still ends the demo with one line and exit 1.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error.WriteLine($"dotswan demo --netns: FAILED: {e.GetType().Name}: {e.Message}");
        }

        return ExitCodes.PartialFailure;
    }
}
