using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DotSwan.Daemon.Runtime;

/// <summary>
/// The one thread that owns the engines and everything they touch: inputs (datagrams from the socket threads, control
/// commands) are queued as work items; between them the thread sleeps until the earliest deadline the owner reports
/// (engine timers, DPD, polling of the NAT-T queues), so one timer drives every deadline. Nothing else touches engine state.
/// </summary>
internal sealed class EngineLoop : IDisposable
{
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Func<DateTimeOffset, DateTimeOffset?> _tick;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <param name="tick">Called on the loop thread after each wake-up with the current time; returns when it wants to be called next.</param>
    /// <param name="logger">For failures of work items.</param>
    public EngineLoop(Func<DateTimeOffset, DateTimeOffset?> tick, ILogger logger)
    {
        _tick = tick;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "dotswan engine" };
    }

    /// <summary>The longest sleep, so queues without a signal (the NAT-T demultiplexer) are drained at least this often.</summary>
    public static TimeSpan MaxSleep { get; } = TimeSpan.FromMilliseconds(10);

    public bool IsLoopThread => Environment.CurrentManagedThreadId == _thread.ManagedThreadId;

    public void Start() => _thread.Start();

    /// <summary>Queues <paramref name="work"/> for the loop thread.</summary>
    public void Post(Action work)
    {
        _work.Enqueue(work);
        _wake.Set();
    }

    /// <summary>Runs <paramref name="work"/> on the loop thread and returns its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> work)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                completion.SetResult(work());
            }
#pragma warning disable CA1031 // The caller gets the exception through the task.
            catch (Exception e)
#pragma warning restore CA1031
            {
                completion.SetException(e);
            }
        });
        return completion.Task;
    }

    /// <summary>Stops the thread after the queued work (bounded wait).</summary>
    public void Stop()
    {
        _stopping = true;
        _wake.Set();
        if (_thread.IsAlive && !IsLoopThread)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    public void Dispose()
    {
        Stop();
        _wake.Dispose();
    }

    private void Run()
    {
        while (!_stopping)
        {
            while (_work.TryDequeue(out var work))
            {
                try
                {
                    work();
                }
#pragma warning disable CA1031 // One bad input must not stop the daemon; it is logged.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _logger.LogError(e, "engine loop work item failed");
                }
            }

            var now = DateTimeOffset.UtcNow;
            DateTimeOffset? next;
            try
            {
                next = _tick(now);
            }
#pragma warning disable CA1031 // As above.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogError(e, "engine loop tick failed");
                next = null;
            }

            var sleep = MaxSleep;
            if (next is { } deadline && deadline - DateTimeOffset.UtcNow < sleep)
            {
                sleep = deadline - DateTimeOffset.UtcNow;
            }

            if (sleep > TimeSpan.Zero)
            {
                _wake.WaitOne(sleep);
            }
        }
    }
}
