namespace DotSwan.TestSupport.Lab;

/// <summary>
/// Owns the lab resources of one test (namespaces, daemons, captures) and disposes them in reverse order of
/// <see cref="Add{T}"/>, each one even when an earlier one throws: daemons stop before their namespaces go.
/// </summary>
public sealed class LabScope : IDisposable
{
    private readonly Stack<IDisposable> resources = new();

    /// <summary>Takes ownership of <paramref name="resource"/> and returns it.</summary>
    public T Add<T>(T resource) where T : IDisposable
    {
        ArgumentNullException.ThrowIfNull(resource);
        resources.Push(resource);
        return resource;
    }

    /// <summary>Disposes everything added, last first; the first exception (if any) is rethrown after all were disposed.</summary>
    public void Dispose()
    {
        List<Exception>? errors = null;
        while (resources.TryPop(out var resource))
        {
            try { resource.Dispose(); }
#pragma warning disable CA1031 // every resource must get its turn; the failures are rethrown together below
            catch (Exception e) { (errors ??= []).Add(e); }
#pragma warning restore CA1031
        }
        if (errors is not null) { throw new AggregateException("lab teardown failed", errors); }
    }
}
