namespace DotSwan.TestHosts;

/// <summary>
/// The command-line shape the lab test hosts share: `--name value` pairs and bare `--flag`s. Walks the arguments and hands
/// each pair or flag to the host, which maps names to its settings and throws <see cref="ArgumentException"/> for names it
/// does not know. Linked into each host project as source (the hosts reference no test library).
/// </summary>
internal static class HostCommandLine
{
    /// <summary>Calls <paramref name="flag"/> for names in <paramref name="flags"/> and <paramref name="option"/> for every other name with its value.</summary>
    public static void Parse(string[] args, IReadOnlySet<string> flags, Action<string> flag, Action<string, string> option)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (flags.Contains(name))
            {
                flag(name);
                continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected an option name, got {name}");
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            option(name, args[++i]);
        }
    }
}
