namespace DotSwan.TestSupport.Lab;

/// <summary>A fresh directory under /tmp, named after our PID, deleted with everything in it on dispose.</summary>
public sealed class LabTempDirectory : IDisposable
{
    /// <summary>Creates /tmp/dsw-PID-TAG-RANDOM. Short on purpose: a VICI socket path must fit in 108 bytes.</summary>
    public LabTempDirectory(string tag)
    {
        FullPath = Path.Combine(Path.GetTempPath(), $"dsw-{Environment.ProcessId}-{tag}-{Path.GetRandomFileName()[..6]}");
        Directory.CreateDirectory(FullPath);
    }

    /// <summary>The directory's absolute path.</summary>
    public string FullPath { get; }

    /// <summary>The path of <paramref name="name"/> inside the directory.</summary>
    public string PathOf(string name) => Path.Combine(FullPath, name);

    /// <summary>Deletes the directory and its contents.</summary>
    public void Dispose()
    {
        try { Directory.Delete(FullPath, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
