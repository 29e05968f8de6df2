namespace DotSwan.Interop.Tests;

/// <summary>
/// Every test that uses the lab joins this collection: they run one after another (each creates its own uniquely
/// named namespaces, but two charons and captures at once would only compete for the two cores).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollectionDefinition
{
    /// <summary>The collection name for [Collection(LabCollectionDefinition.Name)].</summary>
    public const string Name = "strongSwan lab";
}
