// The daemon runs on Linux (TUN, Unix sockets, file modes); so do its tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
