using DotSwan.TestSupport.Certificates;
using DotSwan.Wire.Ikev1;

namespace DotSwan.Interop.Tests;

/// <summary>
/// Live IKEv1 interop with certificates (Main Mode, RFC 2409 §5.1 RSA signatures and RFC 4754 ECDSA) between strongSwan 5.9.8 (namespace A,
/// <c>version = 1</c>, <c>auth = pubkey</c>, id a.lab.example) and DotSwan's IKEv1 engine (namespace B,
/// DotSwan.Ike.TestHost <c>--ikev1 --auth pubkey</c>, id b.lab.example). The CA and both certificates are made with .NET's
/// CertificateRequest when the test runs. Either side initiates; both list the ISAKMP SA and the IPsec SA pair with the
/// same SPIs, and a ping goes through the tunnel. A DotSwan that holds a CRL listing strongSwan's certificate refuses it.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class DotSwanIkev1CertificateInteropTests(ITestOutputHelper output)
{
    private const string Ike = "aes256-sha256-modp2048";
    private const string Esp = "aes128-sha256";
    private const string ADn = "C=CH, O=DotSwan Lab, CN=a.lab.example";
    private const string BDn = "C=CH, O=DotSwan Lab, CN=b.lab.example";

    [LabTheory]
    [InlineData(TestKeyType.Rsa)]
    [InlineData(TestKeyType.EcdsaP256)]
    [InlineData(TestKeyType.EcdsaP384)]
    public void StrongSwan_initiator_authenticates_DotSwan_responder_by_certificate_and_ping_goes_through(TestKeyType keyType)
    {
        Run(keyType, dotSwanInitiates: false, revoked: false, (pair, a, host, capture) =>
        {
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);

            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

            var datagrams = capture.StopAndRead();
            AssertBothSidesListTheSas(a, host, keyType, dotSwanInitiated: false);
            // On the wire: six Main Mode messages, the first offering the key's signature method (RSA: 3, ECDSA: 9 or 10), three Quick Mode messages.
            var messages = datagrams.Where(d => d.IsIke).DistinctBy(d => Convert.ToHexString(d.IkeMessage.Span))
                .Select(d => IsakmpMessageCodec.TryDecode(d.IkeMessage, out var m, out _) ? m : null).ToList();
            Assert.All(messages, Assert.NotNull);
            var mainMode = messages.Where(m => m!.Header.ExchangeType == IsakmpExchangeType.IdentityProtection).ToList();
            Assert.Equal(6, mainMode.Count);
            Assert.Contains(mainMode[0]!.Payloads.OfType<SecurityAssociationPayload>().Single().Proposals[0].Transforms[0].Attributes,
                attribute => attribute.Phase1Type == Phase1AttributeType.AuthenticationMethod && attribute.TryGetInteger(out ulong v) && v == keyType switch { TestKeyType.EcdsaP256 => 9UL, TestKeyType.EcdsaP384 => 10UL, _ => 3UL });
            Assert.Equal(3, messages.Count(m => m!.Header.ExchangeType == IsakmpExchangeType.QuickMode));
        });
    }

    [LabTheory]
    [InlineData(TestKeyType.Rsa)]
    [InlineData(TestKeyType.EcdsaP256)]
    public void DotSwan_initiator_authenticates_strongSwan_responder_by_certificate_and_ping_goes_through(TestKeyType keyType)
    {
        Run(keyType, dotSwanInitiates: true, revoked: false, (pair, a, host, capture) =>
        {
            capture.Stop();
            SwanctlIkeSa? sa = null;
            for (int attempt = 0;
                 attempt < 100 && !(sa is { Children.Count: > 0 } && sa.Children[0].State == "INSTALLED"
                                    && host.Output.Contains("event ChildSaEstablished", StringComparison.Ordinal));
                 attempt++)
            {
                Thread.Sleep(100);
                var sas = a.ListSas();
                sa = sas.Count > 0 ? sas[0] : null;
            }

            Assert.NotNull(sa);
            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);
            AssertBothSidesListTheSas(a, host, keyType, dotSwanInitiated: true);
        });
    }

    [LabFact]
    public void DotSwan_responder_refuses_a_revoked_strongSwan_certificate_with_INVALID_CERTIFICATE()
    {
        Run(TestKeyType.Rsa, dotSwanInitiates: false, revoked: true, (pair, a, host, capture) =>
        {
            capture.Stop();
            var initiate = a.Swanctl(["--initiate", "--child", "net", "--timeout", "15"], TimeSpan.FromSeconds(30));
            output.WriteLine(initiate.ToString());
            Assert.False(initiate.Succeeded, "strongSwan established with a certificate DotSwan must refuse");
            Assert.DoesNotContain(a.ListSas(), sa => sa.State == "ESTABLISHED");

            host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains("kind=AuthenticationFailed reason=INVALID-CERTIFICATE: ", log, StringComparison.Ordinal);
            Assert.Contains("was revoked", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaEstablished", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event InstallChildSa", log, StringComparison.Ordinal);
            // strongSwan was told with DotSwan's notification.
            string charon = a.ReadLog();
            output.WriteLine(a.LogTail(60));
            Assert.Contains("INVALID_CERTIFICATE", charon, StringComparison.Ordinal);
        });
    }

    /// <summary>
    /// strongSwan and DotSwan list the same ISAKMP SA (cookies) and the same IPsec SA pair (SPIs crossed), packet counts
    /// agree, and strongSwan verified DotSwan's signature over HASH_I/HASH_R (RSA without DigestInfo, ECDSA over the hash as is).
    /// </summary>
    private void AssertBothSidesListTheSas(StrongSwanInstance a, IkeTestHostProcess host, TestKeyType keyType, bool dotSwanInitiated)
    {
        string listing = a.Swanctl("--list-sas").EnsureSuccess().StandardOutput;
        output.WriteLine(listing);
        var sa = Assert.Single(SwanctlIkeSa.Parse(listing));
        Assert.Equal(("ESTABLISHED", "IKEv1"), (sa.State, sa.Version));
        var child = Assert.Single(sa.Children);
        Assert.Equal("INSTALLED", child.State);

        var counters = host.StopAndReadCounters();
        string log = host.Output;
        output.WriteLine("DotSwan host:\n" + log);
        Assert.Contains($"event IkeSaEstablished {sa.InitiatorSpi:x16}_i {sa.ResponderSpi:x16}_r initiator={dotSwanInitiated}", log, StringComparison.Ordinal);
        Assert.Contains($"event InstallChildSa in=0x{child.OutboundSpi:x8} out=0x{child.InboundSpi:x8}", log, StringComparison.Ordinal);
        Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
        Assert.Equal(0, counters["engine.malformed"] + counters["engine.decryptionfailures"]);
        Assert.True(counters["sa.in.packets"] >= 3 && counters["sa.out.packets"] >= 3, "no ESP both ways");
        Assert.Equal((long)child.OutboundPackets, counters["sa.in.packets"]);
        Assert.Equal((long)child.InboundPackets, counters["sa.out.packets"]);

        string charon = a.ReadLog();
        Assert.Contains($"received end entity cert \"{BDn}\"", charon, StringComparison.Ordinal);
        string scheme = keyType == TestKeyType.Rsa ? "RSA_EMSA_PKCS1_NULL" : "ECDSA_WITH_NULL";
        Assert.Contains($"authentication of 'b.lab.example' with {scheme} successful", charon, StringComparison.Ordinal);
    }

    private void Run(TestKeyType keyType, bool dotSwanInitiates, bool revoked, Action<NetworkNamespacePair, StrongSwanInstance, IkeTestHostProcess, PacketCapture> body)
    {
        string nsA;
        string nsB;
        var processes = new List<(int Pid, string Name)>();
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using (var ca = TestCertificateAuthority.CreateRoot("C=CH, O=DotSwan Lab, CN=DotSwan Lab CA", keyType, notBefore))
        using (var aCert = ca.Issue(ADn, keyType, notBefore, dnsNames: ["a.lab.example"]))
        using (var bCert = ca.Issue(BDn, keyType, notBefore, dnsNames: ["b.lab.example"]))
        using (var scope = new LabScope())
        {
            var pair = scope.Add(new NetworkNamespacePair());
            nsA = pair.A.Name;
            nsB = pair.B.Name;
            var work = scope.Add(new LabTempDirectory("cert-v1"));
            var a = scope.Add(new StrongSwanInstance(pair.A, "a"));
            processes.Add((a.Pid, "charon-systemd"));
            IkeTestHostProcess? host = null;
            try
            {
                File.WriteAllText(Path.Combine(a.SwanctlDirectory, "x509ca", "ca.crt"), ca.CertificatePem());
                File.WriteAllText(Path.Combine(a.SwanctlDirectory, "x509", "a.crt"), aCert.CertificatePem());
                File.WriteAllText(Path.Combine(a.SwanctlDirectory, "private", "a.key"), aCert.PrivateKeyPem());
                a.Load(SwanctlConfig.Psk(pair.A, pair.B, "a.lab.example", "b.lab.example") with
                {
                    Version = 1,
                    LocalAuth = "pubkey",
                    RemoteAuth = "pubkey",
                    LocalCertificate = "a.crt",
                    RemoteCaCertificates = ["ca.crt"],
                    Proposals = Ike,
                    EspProposals = Esp,
                });
                var capture = scope.Add(new PacketCapture(pair.A, pair.A.InterfaceName));
                var (bCertPath, bKeyPath) = bCert.WritePem(work.FullPath, "b");
                string trusted = work.PathOf("trusted-ca.crt");
                File.WriteAllText(trusted, ca.CertificatePem());
                List<string> arguments =
                [
                    "--ikev1", "--tun", "dswike0", "--local", pair.B.OuterAddress.ToString(), "--peer", pair.A.OuterAddress.ToString(),
                    "--local-id", "b.lab.example", "--remote-id", "a.lab.example",
                    "--auth", "pubkey", "--remote-auth", "pubkey", "--cert", bCertPath, "--key", bKeyPath, "--ca", trusted,
                    "--ike", Ike, "--esp", Esp,
                    "--local-ts", pair.B.TrafficSelector, "--remote-ts", pair.A.TrafficSelector, "--max-seconds", "120",
                ];
                if (revoked)
                {
                    string path = work.PathOf("ca.crl");
                    File.WriteAllBytes(path, ca.CreateCrl([aCert.Certificate], DateTimeOffset.UtcNow.AddMinutes(-5)));
                    arguments.AddRange(["--crl", path]);
                }

                if (dotSwanInitiates) { arguments.Add("--initiate"); }
                host = scope.Add(IkeTestHostProcess.Start(pair.B, work.FullPath, arguments));
                processes.Add((host.Pid, host.ProcessName));
                body(pair, a, host, capture);
            }
            catch
            {
                if (host is not null)
                {
                    host.Dispose();
                    output.WriteLine("DotSwan host:\n" + host.Output);
                }

                output.WriteLine("charon (A) log tail:\n" + a.LogTail(150));
                throw;
            }
        }

        Assert.All(processes, p => Assert.False(LabProcess.IsRunning(p.Pid, p.Name), $"{p.Name} {p.Pid} still runs"));
        var left = NetworkNamespacePair.ListNamespaces();
        Assert.DoesNotContain(nsA, left);
        Assert.DoesNotContain(nsB, left);
    }
}
