using DotSwan.TestHosts;

namespace DotSwan.Ipsec.Tests.Tun;

/// <summary>The option walker both lab hosts (TUN host, IKE test host) use.</summary>
public sealed class HostCommandLineTests
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "--tun-only" };

    [Fact]
    public void Pairs_and_flags_reach_the_host_in_order()
    {
        var seen = new List<string>();
        HostCommandLine.Parse(["--tun", "dsw0", "--tun-only", "--remote", "10.2.0.0/24", "--remote", "10.3.0.0/24"], Flags,
            flag => seen.Add(flag), (name, value) => seen.Add($"{name}={value}"));
        Assert.Equal(["--tun=dsw0", "--tun-only", "--remote=10.2.0.0/24", "--remote=10.3.0.0/24"], seen);
    }

    [Theory]
    [InlineData(new[] { "--tun" }, "--tun needs a value")]
    [InlineData(new[] { "dsw0" }, "expected an option name, got dsw0")]
    public void Malformed_command_lines_say_what_is_wrong(string[] args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => HostCommandLine.Parse(args, Flags, _ => { }, (_, _) => { }));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_flag_name_is_never_taken_as_a_value()
    {
        var values = new Dictionary<string, string>();
        HostCommandLine.Parse(["--tun-only", "--mtu", "1400"], Flags, _ => { }, (name, value) => values[name] = value);
        Assert.Equal("1400", values["--mtu"]);
        Assert.Single(values);
    }
}
