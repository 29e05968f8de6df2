using System.Globalization;

namespace DotSwan.LoadTester;

/// <summary>CPU time (user + system, all threads) and resident memory of a process, read from /proc/PID/stat and status.</summary>
internal readonly record struct ProcessSample(double CpuMilliseconds, long RssKilobytes)
{
    // USER_HZ is 100 on Linux for /proc/PID/stat's utime and stime.
    private const double MillisecondsPerTick = 10.0;

    /// <summary>Reads the sample, or null when the process is gone or the files cannot be read.</summary>
    public static ProcessSample? Read(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which is in parentheses and may hold spaces): state is field 3, utime 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            long rss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
            return new ProcessSample(ticks * MillisecondsPerTick, rss);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
