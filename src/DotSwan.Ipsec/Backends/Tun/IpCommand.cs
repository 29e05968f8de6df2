using System.Diagnostics;

namespace DotSwan.Ipsec.Backends.Tun;

/// <summary>Runs iproute2's `ip` with a time limit (interface configuration until a netlink client exists).</summary>
internal static class IpCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs `ip ARGS`; throws <see cref="IOException"/> when it fails or overruns (then it is killed).</summary>
    public static void Run(params string[] arguments)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new IOException("could not start ip");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(Timeout);
            throw new IOException($"ip {string.Join(' ', arguments)} timed out");
        }

        Task.WaitAll([stdout, stderr], Timeout);
        if (process.ExitCode != 0)
        {
            throw new IOException($"ip {string.Join(' ', arguments)} failed ({process.ExitCode}): {(stderr.IsCompletedSuccessfully ? stderr.Result.Trim() : "")}");
        }
    }
}
