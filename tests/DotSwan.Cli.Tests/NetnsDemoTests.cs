using System.Diagnostics;
using System.Globalization;
using System.Text;
using DotSwan.Cli.Commands;
using DotSwan.TestSupport.Lab;

namespace DotSwan.Cli.Tests;

/// <summary>
/// <c>dotswan demo --netns</c>: without root it does nothing and says so with its own exit code; as root (lab) the real
/// command runs to the end, and an interrupted run still removes its daemons and namespaces.
/// </summary>
public sealed class NetnsDemoTests
{
    [Fact]
    public void Without_root_it_exits_with_its_own_code_and_a_clear_message()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(ExitCodes.NeedsRoot, NetnsDemoCommand.Run(output, error, isRoot: false));
        Assert.Equal("", output.ToString());
        Assert.StartsWith("dotswan demo --netns: needs root (it creates network namespaces, a veth pair and TUN devices)", error.ToString(), StringComparison.Ordinal);
    }

    [LabFact]
    public void As_root_it_pings_through_the_tunnel_shows_the_status_and_leaves_nothing_behind()
    {
        using var run = DemoRun.Start();
        Assert.True(run.Process.WaitForExit(TimeSpan.FromSeconds(150)), "the demo did not end in 150 s:\n" + run.Output);
        run.Process.WaitForExit();
        string text = run.Output;
        Assert.True(run.Process.ExitCode == 0, $"exit {run.Process.ExitCode}:\n{text}");
        string[] expected =
        [
            "ok  namespaces dswdemo-",
            "ok  daemons west (PID ",
            "established (IKE_SA_INIT, IKE_AUTH with PSK), Child SA in 0x",
            "ok  ping 10.1.0.1 <-> 10.2.0.1 through the tunnel: 5/5 replies each way",
            "ok  Child SA rekeyed (CREATE_CHILD_SA), in 0x",
            "ok  ping through the new Child SA: 5/5 replies each way",
            "demo        established (initiator)  192.0.2.2:",
            "demo        established (responder)  192.0.2.1:",
            "ok  deleted (INFORMATIONAL with Delete); a ping after down gets no reply",
            "cleaned up: daemon west stopped, daemon east stopped, namespaces deleted",
            "demo complete: 8 steps ok in ",
        ];
        Assert.All(expected, line => Assert.Contains(line, text, StringComparison.Ordinal));
        run.AssertNothingLeft();
    }

    [LabFact]
    public void Interrupted_with_sigint_it_stops_its_daemons_and_deletes_its_namespaces()
    {
        using var run = DemoRun.Start();
        var clock = Stopwatch.StartNew();
        while (!run.Output.Contains("ok  daemons west (PID ", StringComparison.Ordinal))
        {
            Assert.False(run.Process.HasExited, "the demo ended before its daemons were ready:\n" + run.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no daemons after 60 s:\n" + run.Output);
            Thread.Sleep(50);
        }

        Assert.True(LabCommand.Run("kill", ["-INT", run.Process.Id.ToString(CultureInfo.InvariantCulture)]).Succeeded);
        Assert.True(run.Process.WaitForExit(TimeSpan.FromSeconds(60)), "no exit 60 s after SIGINT:\n" + run.Output);
        run.Process.WaitForExit();
        Assert.True(run.Process.ExitCode == ExitCodes.Interrupted, $"exit {run.Process.ExitCode}:\n{run.Output}");
        Assert.Contains("cleaned up: daemon west stopped, daemon east stopped, namespaces deleted", run.Output, StringComparison.Ordinal);
        Assert.Contains("dotswan demo --netns: interrupted", run.Output, StringComparison.Ordinal);
        run.AssertNothingLeft();
    }

    /// <summary>The real CLI (<c>dotnet dotswan.dll demo --netns</c>) as a child process, its output collected.</summary>
    private sealed class DemoRun : IDisposable
    {
        private readonly StringBuilder _output = new();

        private DemoRun(Process process) => Process = process;

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static DemoRun Start()
        {
            string dotnet = LabRequirements.FindOnPath("dotnet") ?? "dotnet";
            var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "dotswan.dll"), "demo", "--netns"])
            {
                info.ArgumentList.Add(argument);
            }

            var run = new DemoRun(new Process { StartInfo = info });
            run.Process.OutputDataReceived += (_, e) => run.Append(e.Data);
            run.Process.ErrorDataReceived += (_, e) => run.Append(e.Data);
            run.Process.Start();
            run.Process.BeginOutputReadLine();
            run.Process.BeginErrorReadLine();
            return run;
        }

        /// <summary>No namespace of this run and none of the daemon PIDs it printed remain.</summary>
        public void AssertNothingLeft()
        {
            string prefix = string.Create(CultureInfo.InvariantCulture, $"dswdemo-{Process.Id}-");
            Assert.DoesNotContain(NetworkNamespacePair.ListNamespaces(), n => n.StartsWith(prefix, StringComparison.Ordinal));
            foreach (string part in Output.Split("(PID ").Skip(1))
            {
                string pid = part.Split(')')[0];
                Assert.False(LabProcess.IsRunning(int.Parse(pid, CultureInfo.InvariantCulture), "dotnet"), $"daemon PID {pid} still runs");
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                // Ours: ask it to clean up, then make sure it ends.
                LabCommand.Run("kill", ["-INT", Process.Id.ToString(CultureInfo.InvariantCulture)]);
                if (!Process.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    Process.Kill();
                }
            }

            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
