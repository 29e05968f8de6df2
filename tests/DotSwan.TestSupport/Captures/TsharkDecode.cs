namespace DotSwan.TestSupport.Captures;

/// <summary>
/// Parses the text of `tshark -V` into one tree per frame: each line becomes a node, and lines indented
/// deeper (tshark indents by four spaces) become its children. Test-only reader of our own committed files.
/// </summary>
public static class TsharkDecode
{
    /// <summary>Frame number → the frame's top-level nodes (Frame, Ethernet II, Internet Protocol …, ISAKMP …).</summary>
    public static IReadOnlyDictionary<int, TsharkNode> ReadFrames(string path)
    {
        var frames = new Dictionary<int, TsharkNode>();
        TsharkNode? root = null;
        var stack = new Stack<(int Indent, TsharkNode Node)>();
        foreach (var raw in File.ReadLines(path))
        {
            if (raw.Length == 0) { continue; }
            if (raw.StartsWith("Frame ", StringComparison.Ordinal) && raw.Contains(" bytes on wire", StringComparison.Ordinal))
            {
                int number = int.Parse(raw.AsSpan(6, raw.IndexOf(':', StringComparison.Ordinal) - 6));
                root = new TsharkNode($"Frame {number}");
                frames[number] = root;
                stack.Clear();
                stack.Push((-1, root));
            }
            if (root is null) { continue; }
            int indent = raw.Length - raw.TrimStart(' ').Length;
            var node = new TsharkNode(raw.Trim());
            while (stack.Peek().Indent >= indent) { stack.Pop(); }
            stack.Peek().Node.Children.Add(node);
            stack.Push((indent, node));
        }
        return frames;
    }

    /// <summary>The ISAKMP section of a frame (the IKE message), or null when the frame has none.</summary>
    public static TsharkNode? Isakmp(TsharkNode frame) =>
        frame.Children.FirstOrDefault(c => c.Text == "Internet Security Association and Key Management Protocol");

    /// <summary>Converts tshark's hex dump of a bytes field to bytes ("&lt;MISSING&gt;" → empty).</summary>
    public static byte[] Hex(string value) => value == "<MISSING>" ? [] : Convert.FromHexString(value);
}
