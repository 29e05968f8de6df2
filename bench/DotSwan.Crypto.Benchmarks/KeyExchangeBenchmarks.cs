using BenchmarkDotNet.Attributes;
using DotSwan.Crypto;
using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Benchmarks;

/// <summary>
/// Per method: Keygen (CreateInitiator: private value + public value), Derive (the shared secret from an existing key
/// pair and the peer's public value, including the peer value's validation/import: what `openssl speed ecdh*`/`ffdh*`
/// times, except that openssl sets the peer up once outside its loop), and Respond (validate the initiator's value,
/// generate our key pair, derive). Compare with `openssl speed ecdhx25519 ecdhp256 ffdh2048 ffdh3072` on the same machine.
/// </summary>
[MemoryDiagnoser]
public class KeyExchangeBenchmarks
{
    private IKeyExchangeFactory _factory = null!;
    private IKeyExchange _ours = null!;
    private byte[] _initiatorValue = null!;

    [Params(KeyExchangeMethod.Curve25519, KeyExchangeMethod.Ecp256, KeyExchangeMethod.Modp2048, KeyExchangeMethod.Modp3072)]
    public KeyExchangeMethod Method { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!KeyExchangeCatalog.TryGetFactory(Method, out var factory))
        {
            throw new InvalidOperationException($"{Method} is not implemented");
        }

        _factory = factory;
        using var initiator = factory.CreateInitiator();
        _initiatorValue = initiator.PublicValue.ToArray();
        _ours = factory.CreateInitiator();
    }

    [GlobalCleanup]
    public void Cleanup() => _ours.Dispose();

    [Benchmark]
    public int Keygen()
    {
        using var exchange = _factory.CreateInitiator();
        return exchange.PublicValue.Length;
    }

    [Benchmark]
    public int Derive()
    {
        if (!_ours.TryComputeSharedSecret(_initiatorValue, out var secret, out var error))
        {
            throw new InvalidOperationException(error.ToString());
        }

        int length = secret!.Length;
        secret.Dispose();
        return length;
    }

    [Benchmark]
    public int Respond()
    {
        if (!_factory.TryRespond(_initiatorValue, out var reply, out var secret, out var error))
        {
            throw new InvalidOperationException(error.ToString());
        }

        secret!.Dispose();
        return reply!.Length;
    }
}
