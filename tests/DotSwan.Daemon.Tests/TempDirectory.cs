namespace DotSwan.Daemon.Tests;

/// <summary>A private temporary directory (0700) removed on dispose; files written into it are 0600 unless asked otherwise.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("dotswan-daemon-tests-").FullName;
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    public string Write(string name, string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        string file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.SetUnixFileMode(file, mode);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
