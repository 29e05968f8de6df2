using System.Diagnostics;

namespace DotSwan.TestSupport.Lab;

/// <summary>
/// Looks at and signals one process by PID through /proc and kill(1). Every signal is checked against the
/// process's name first, so a recycled PID of someone else's process is never signalled.
/// </summary>
public static class LabProcess
{
    /// <summary>True when <paramref name="pid"/> is a live (not zombie) process whose name (/proc/PID/comm) is <paramref name="name"/>.</summary>
    public static bool IsRunning(int pid, string name)
    {
        if (pid <= 0) { return false; }
        try
        {
            string comm = File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
            if (!string.Equals(comm, name.Length > 15 ? name[..15] : name, StringComparison.Ordinal)) { return false; }
            // /proc/PID/stat: "pid (comm) S ..." — the state letter follows the last ')'.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length && stat[close + 2] is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>Sends <paramref name="signal"/> (a kill(1) name such as TERM, INT or KILL) to <paramref name="pid"/> if it is still <paramref name="name"/>.</summary>
    public static void Signal(int pid, string name, string signal)
    {
        if (!IsRunning(pid, name)) { return; }
        LabCommand.Run("/bin/sh", ["-c", "kill -s \"$1\" \"$2\"", "sh", signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5));
    }

    /// <summary>Waits until <paramref name="pid"/> is no longer <paramref name="name"/>, at most <paramref name="timeout"/>; true when it is gone.</summary>
    public static bool WaitForExit(int pid, string name, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (IsRunning(pid, name))
        {
            if (clock.Elapsed > timeout) { return false; }
            Thread.Sleep(50);
        }
        return true;
    }

    /// <summary>
    /// Stops a process we started: <paramref name="signal"/> first, then SIGKILL when it has not exited within
    /// <paramref name="grace"/>. Returns true when it is gone.
    /// </summary>
    public static bool Stop(int pid, string name, string signal, TimeSpan grace)
    {
        Signal(pid, name, signal);
        if (WaitForExit(pid, name, grace)) { return true; }
        Signal(pid, name, "KILL");
        return WaitForExit(pid, name, TimeSpan.FromSeconds(5));
    }
}
