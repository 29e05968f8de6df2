using BenchmarkDotNet.Attributes;
using DotSwan.Crypto;
using DotSwan.Crypto.KeyExchange;

namespace DotSwan.Crypto.Benchmarks;

/// <summary>
/// Key generation alone (CreateInitiator: private value + public value) and a full responder operation
/// (validate the initiator's value, generate our key pair, derive the shared secret) per method.
/// Compare with `openssl speed ecdhx25519 ecdhp256 ffdh2048 ffdh3072` run on the same machine.
/// </summary>
[MemoryDiagnoser]
public class KeyExchangeBenchmarks
{
    private IKeyExchangeFactory _factory = null!;
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
    }

    [Benchmark]
    public int Keygen()
    {
        using var exchange = _factory.CreateInitiator();
        return exchange.PublicValue.Length;
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
