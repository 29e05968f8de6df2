using System.Buffers;
using BenchmarkDotNet.Attributes;
using DotSwan.Wire;
using DotSwan.Wire.Ikev2;

namespace DotSwan.Wire.Benchmarks;

/// <summary>
/// The IKE_SA_INIT request of the lab capture psk.pcap, frame 1 (strongSwan 5.9.8: SA with one IKE proposal,
/// KE Curve25519, Nonce, five Notifies; 232 bytes).
/// </summary>
[MemoryDiagnoser]
public class Ikev2CodecBenchmarks
{
    private const string IkeSaInitRequestHex =
        "fabb37da2d10485700000000000000002120220800000000000000e82200002800000024010100030300000c01000014800e0100030000080200" +
        "0005000000080400001f28000028001f0000455580e70b4cdac068b5c6ec2899bc59c25f4d853055b0c168f45412cea14e69290000243d8555bf" +
        "7d1c8ab44bc4ac2226ab9d623d9797be1f81665504d014ca8b791a8d2900001c0000400439d22b15f45771b83ee803d51afe4722869102972900" +
        "001c00004005fed4a93020d18e858224c0ea27dc61aaa20f25a2290000080000402e290000100000402f00020003000400050000000800004016";

    private readonly byte[] _message = Convert.FromHexString(IkeSaInitRequestHex);
    private readonly Ikev2MessageView _view = new();
    private readonly ArrayBufferWriter<byte> _writer = new(2048);
    private Ikev2Message _decoded = null!;

    /// <summary>Decodes once so the encode benchmark has a model.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (!Ikev2MessageCodec.TryDecode(_message, out var message, out var error)) { throw new InvalidOperationException(error.ToString()); }
        _decoded = message!;
    }

    /// <summary>Validates the whole message into the reusable view (the hot path).</summary>
    [Benchmark(Baseline = true)]
    public int ParseView()
    {
        return _view.TryParse(_message, out DecodeError _) ? _view.Count : -1;
    }

    /// <summary>Parses into the view and walks the SA proposals and transforms and every notify in place.</summary>
    [Benchmark]
    public int ParseViewAndWalk()
    {
        if (!_view.TryParse(_message, out DecodeError _)) { return -1; }
        int sum = 0;
        for (int i = 0; i < _view.Count; i++)
        {
            var type = _view.Payloads[i].Type;
            if (type == Ikev2PayloadType.SecurityAssociation)
            {
                foreach (var proposal in _view.GetProposals(_message, i))
                {
                    foreach (var transform in proposal.Transforms) { sum += transform.Id + transform.KeyLength; }
                }
            }
            else if (type == Ikev2PayloadType.Notify)
            {
                sum += (int)_view.GetNotify(_message, i).NotifyType;
            }
        }
        return sum;
    }

    /// <summary>Decodes into the typed model (copies the datagram once, allocates the records).</summary>
    [Benchmark]
    public int DecodeTyped()
    {
        return Ikev2MessageCodec.TryDecode(_message, out var message, out _) ? message!.Payloads.Count : -1;
    }

    /// <summary>Encodes the typed model into a reused buffer writer.</summary>
    [Benchmark]
    public int Encode()
    {
        _writer.ResetWrittenCount();
        return Ikev2MessageCodec.Encode(_decoded, _writer);
    }
}
