namespace DotSwan.Wire.Ikev1;

/// <summary>Value equality for the model's byte buffers and lists (records compare those by reference otherwise).</summary>
internal static class StructuralEquality
{
    public static bool Bytes(ReadOnlyMemory<byte> a, ReadOnlyMemory<byte> b) => a.Span.SequenceEqual(b.Span);

    public static bool Lists<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        if (ReferenceEquals(a, b)) { return true; }
        if (a.Count != b.Count) { return false; }
        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Count; i++)
        {
            if (!comparer.Equals(a[i], b[i])) { return false; }
        }
        return true;
    }

    public static bool ByteLists(IReadOnlyList<ReadOnlyMemory<byte>> a, IReadOnlyList<ReadOnlyMemory<byte>> b)
    {
        if (a.Count != b.Count) { return false; }
        for (int i = 0; i < a.Count; i++)
        {
            if (!Bytes(a[i], b[i])) { return false; }
        }
        return true;
    }
}
