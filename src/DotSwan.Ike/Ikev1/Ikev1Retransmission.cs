using DotSwan.Ike.Engine;

namespace DotSwan.Ike.Ikev1;

/// <summary>
/// The last message of one exchange that waits for an answer: sent again on the back-off schedule of
/// <see cref="RetransmissionSettings"/> until answered or given up. Also remembers the message it answered, so a
/// retransmission of that message is answered again with the same bytes.
/// </summary>
internal sealed class Ikev1Retransmission(RetransmissionSettings settings)
{
    private int _retransmits;

    public byte[]? Message { get; private set; }

    /// <summary>The peer message <see cref="Message"/> answers (null for the first message of an exchange).</summary>
    public byte[]? Answers { get; private set; }

    /// <summary>When to send again; null when nothing waits for an answer.</summary>
    public DateTimeOffset? Deadline { get; private set; }

    public void Sent(byte[] message, byte[]? answers, DateTimeOffset now, bool awaitAnswer)
    {
        Message = message;
        Answers = answers;
        _retransmits = 0;
        Deadline = awaitAnswer ? now + settings.WaitAfter(0) : null;
    }

    public void Answered() => Deadline = null;

    /// <summary>True when <paramref name="datagram"/> repeats the peer message our last message answered.</summary>
    public bool IsRepeatOfAnswered(ReadOnlySpan<byte> datagram) => Answers is not null && datagram.SequenceEqual(Answers);

    /// <summary>At the deadline: true to send <see cref="Message"/> again, false when the tries are used up (then <see cref="Deadline"/> is null).</summary>
    public bool Due(DateTimeOffset now)
    {
        if (_retransmits >= settings.Tries)
        {
            Deadline = null;
            return false;
        }
        _retransmits++;
        Deadline = now + settings.WaitAfter(_retransmits);
        return true;
    }
}
