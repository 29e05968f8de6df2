namespace DotSwan.Crypto.Tests;

public sealed class SecretBytesTests
{
    [Fact]
    public void Dispose_zeroes_and_forbids_access()
    {
        var secret = SecretBytes.CopyOf([1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, secret.ReadOnlySpan.ToArray());
        secret.Dispose();
        Assert.Throws<ObjectDisposedException>(() => secret.Span.Length);
        Assert.DoesNotContain("1", secret.ToString().Replace("(3 bytes)", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
