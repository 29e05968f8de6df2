using DotSwan.TestSupport.Certificates;

namespace DotSwan.Interop.Tests;

/// <summary>
/// Live interop with certificate authentication between strongSwan 5.9.8 (namespace A, id a.lab.example) and DotSwan's
/// IKEv2 engine (namespace B, DotSwan.Ike.TestHost, id b.lab.example). A CA and both end-entity certificates are made
/// with .NET's CertificateRequest when the test runs; each side gets its certificate and key as PEM files and trusts
/// the CA. Either side initiates; the ping goes through the Child SA. A DotSwan that trusts another CA refuses
/// strongSwan with AUTHENTICATION_FAILED.
/// </summary>
[Collection(LabCollectionDefinition.Name)]
public sealed class DotSwanCertificateInteropTests(ITestOutputHelper output)
{
    [LabTheory]
    [InlineData(TestKeyType.Rsa, false)]
    [InlineData(TestKeyType.Rsa, true)]
    [InlineData(TestKeyType.EcdsaP256)]
    [InlineData(TestKeyType.EcdsaP384)]
    public void StrongSwan_initiator_authenticates_DotSwan_responder_by_certificate_and_ping_goes_through(TestKeyType keyType, bool rsaPss = false)
    {
        Run(keyType, dotSwanInitiates: false, Refusal.None, rsaPss, (pair, a, host) =>
        {
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var sa = Assert.Single(a.ListSas());
            Assert.Equal(("ESTABLISHED", "IKEv2"), (sa.State, sa.Version));
            Assert.Equal("INSTALLED", Assert.Single(sa.Children).State);

            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains($"event IkeSaEstablished {sa.InitiatorSpi:x16}_i {sa.ResponderSpi:x16}_r initiator=False", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.True(counters["sa.in.packets"] >= 3 && counters["sa.out.packets"] >= 3, "no ESP both ways");
            AssertStrongSwanVerifiedDotSwan(a.ReadLog(), keyType, rsaPss);
            // With rsa_pss = yes strongSwan signs RSASSA-PSS too, and DotSwan verified it (it established above).
            Assert.Contains($"authentication of 'a.lab.example' (myself) with {(keyType switch
            {
                TestKeyType.EcdsaP256 => "ECDSA_WITH_SHA256_DER",
                TestKeyType.EcdsaP384 => "ECDSA_WITH_SHA384_DER",
                _ => rsaPss ? "RSA_EMSA_PSS" : "RSA_EMSA_PKCS1_SHA2_256",
            })}", a.ReadLog(), StringComparison.Ordinal);
        });
    }

    [LabTheory]
    [InlineData(TestKeyType.Rsa)]
    [InlineData(TestKeyType.EcdsaP256)]
    public void DotSwan_initiator_authenticates_strongSwan_responder_by_certificate_and_ping_goes_through(TestKeyType keyType)
    {
        Run(keyType, dotSwanInitiates: true, Refusal.None, rsaPss: false, (pair, a, host) =>
        {
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
            Assert.Equal(("ESTABLISHED", "IKEv2"), (sa.State, sa.Version));
            var ping = pair.B.Ping(pair.A.InnerAddress, source: pair.B.InnerAddress, count: 3);
            output.WriteLine(ping.ToString());
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);
            Assert.Contains("3 received", ping.StandardOutput, StringComparison.Ordinal);

            var counters = host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains($"event IkeSaEstablished {sa.InitiatorSpi:x16}_i {sa.ResponderSpi:x16}_r initiator=True", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaFailed", log, StringComparison.Ordinal);
            Assert.True(counters["sa.in.packets"] >= 3 && counters["sa.out.packets"] >= 3, "no ESP both ways");
            AssertStrongSwanVerifiedDotSwan(a.ReadLog(), keyType, rsaPss: false);
        });
    }

    [LabTheory]
    [InlineData(TestKeyType.Rsa, Refusal.OtherCa, "does not chain to a configured CA")]
    [InlineData(TestKeyType.EcdsaP256, Refusal.OtherCa, "does not chain to a configured CA")]
    [InlineData(TestKeyType.EcdsaP256, Refusal.Revoked, "was revoked")]
    public void DotSwan_responder_refuses_an_untrusted_or_revoked_strongSwan_certificate_with_AUTHENTICATION_FAILED(TestKeyType keyType, Refusal refusal, string reason)
    {
        Run(keyType, dotSwanInitiates: false, refusal, rsaPss: false, (pair, a, host) =>
        {
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.False(initiate.Succeeded, "strongSwan established with a certificate DotSwan must not trust");
            Assert.DoesNotContain(a.ListSas(), sa => sa.State == "ESTABLISHED");

            host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains("kind=AuthenticationFailed", log, StringComparison.Ordinal);
            Assert.Contains(reason, log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaEstablished", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event InstallChildSa", log, StringComparison.Ordinal);
            // strongSwan was told: DotSwan's IKE_AUTH answer carried AUTHENTICATION_FAILED.
            Assert.Contains("AUTH_FAILED", a.ReadLog(), StringComparison.Ordinal);
        });
    }

    [LabFact]
    public void DotSwan_initiator_refused_by_strongSwan_reports_AUTHENTICATION_FAILED()
    {
        Run(TestKeyType.EcdsaP256, dotSwanInitiates: true, Refusal.StrongSwanTrustsOtherCa, rsaPss: false, (pair, a, host) =>
        {
            for (int attempt = 0; attempt < 100 && !host.Output.Contains("event IkeSaFailed", StringComparison.Ordinal); attempt++)
            {
                Thread.Sleep(100);
            }

            host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains("kind=AuthenticationFailed reason=AUTHENTICATION_FAILED: peer 192.0.2.1:4500 rejected our authentication as b.lab.example (certificate", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event IkeSaEstablished", log, StringComparison.Ordinal);
            Assert.DoesNotContain("event InstallChildSa", log, StringComparison.Ordinal);
            Assert.DoesNotContain(a.ListSas(), sa => sa.State == "ESTABLISHED");
            // strongSwan verified the signature but the chain ends at a CA its connection does not accept.
            Assert.Contains("constraint check failed", a.ReadLog(), StringComparison.Ordinal);
        });
    }

    /// <summary>
    /// Both sides identify by their certificate's subject DN (ID_DER_ASN1_DN), and DotSwan's certificate is issued by an
    /// intermediate CA that DotSwan sends after its own; strongSwan holds only the root.
    /// </summary>
    [LabFact]
    public void DN_identities_and_an_intermediate_CA_sent_by_DotSwan_are_accepted_by_strongSwan()
    {
        Run(TestKeyType.EcdsaP256, dotSwanInitiates: false, Refusal.None, rsaPss: false, (pair, a, host) =>
        {
            var initiate = a.Initiate("net");
            output.WriteLine(initiate.ToString());
            Assert.True(initiate.Succeeded, "swanctl --initiate failed: " + initiate);
            var ping = pair.A.Ping(pair.B.InnerAddress, source: pair.A.InnerAddress, count: 3);
            Assert.True(ping.Succeeded, "ping through the tunnel failed: " + ping);

            host.StopAndReadCounters();
            string log = host.Output;
            output.WriteLine("DotSwan host:\n" + log);
            Assert.Contains("event IkeSaEstablished", log, StringComparison.Ordinal);
            Assert.Contains($"remote={ADn}", log, StringComparison.Ordinal);
            string charon = a.ReadLog();
            Assert.Contains($"received end entity cert \"{BDn}\"", charon, StringComparison.Ordinal);
            Assert.Contains("received issuer cert \"C=CH, O=DotSwan Lab, CN=DotSwan Lab Intermediate CA\"", charon, StringComparison.Ordinal);
            Assert.Contains($"authentication of '{BDn}' with ECDSA_WITH_SHA256_DER successful", charon, StringComparison.Ordinal);
        }, distinguishedNames: true, dotSwanIntermediate: true);
    }

    private static void AssertStrongSwanVerifiedDotSwan(string charonLog, TestKeyType keyType, bool rsaPss)
    {
        // charon logs the scheme it verified DotSwan's AUTH with, e.g. "authentication of 'b.lab.example' with ECDSA_WITH_SHA256_DER successful".
        string scheme = keyType switch
        {
            TestKeyType.EcdsaP256 => "ECDSA_WITH_SHA256_DER",
            TestKeyType.EcdsaP384 => "ECDSA_WITH_SHA384_DER",
            _ => rsaPss ? "RSA_EMSA_PSS" : "RSA_EMSA_PKCS1_SHA2_256",
        };
        Assert.Contains($"authentication of 'b.lab.example' with {scheme}", charonLog, StringComparison.Ordinal);
        Assert.Contains("authentication of 'b.lab.example'", charonLog, StringComparison.Ordinal);
        Assert.DoesNotContain("constraint check failed", charonLog, StringComparison.Ordinal);
    }

    /// <summary>What makes DotSwan refuse strongSwan's certificate.</summary>
    public enum Refusal
    {
        /// <summary>Nothing: both trust the CA.</summary>
        None,

        /// <summary>DotSwan trusts only another CA.</summary>
        OtherCa,

        /// <summary>DotSwan holds a CRL of the CA that lists strongSwan's certificate.</summary>
        Revoked,

        /// <summary>The other way round: strongSwan requires a certificate from another CA of DotSwan.</summary>
        StrongSwanTrustsOtherCa,
    }

    private const string ADn = "C=CH, O=DotSwan Lab, CN=a.lab.example";
    private const string BDn = "C=CH, O=DotSwan Lab, CN=b.lab.example";

    private void Run(TestKeyType keyType, bool dotSwanInitiates, Refusal refusal, bool rsaPss,
        Action<NetworkNamespacePair, StrongSwanInstance, IkeTestHostProcess> body, bool distinguishedNames = false, bool dotSwanIntermediate = false)
    {
        string nsA;
        string nsB;
        var processes = new List<(int Pid, string Name)>();
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        using (var ca = TestCertificateAuthority.CreateRoot("C=CH, O=DotSwan Lab, CN=DotSwan Lab CA", keyType, notBefore))
        using (var other = TestCertificateAuthority.CreateRoot("C=CH, O=Elsewhere, CN=Other CA", keyType, notBefore))
        using (var intermediate = ca.CreateIntermediate("C=CH, O=DotSwan Lab, CN=DotSwan Lab Intermediate CA", keyType, notBefore))
        using (var aCert = ca.Issue(ADn, keyType, notBefore, dnsNames: ["a.lab.example"]))
        using (var bCert = (dotSwanIntermediate ? intermediate : ca).Issue(BDn, keyType, notBefore, dnsNames: ["b.lab.example"]))
        using (var scope = new LabScope())
        {
            var pair = scope.Add(new NetworkNamespacePair());
            nsA = pair.A.Name;
            nsB = pair.B.Name;
            var work = scope.Add(new LabTempDirectory("cert"));
            // rsaPss: both sides sign RSASSA-PSS (strongSwan's rsa_pss option, DotSwan's --rsa-pss).
            var a = scope.Add(new StrongSwanInstance(pair.A, "a", rsaPss ? StrongSwanOptions.Default with { ExtraSettings = ["rsa_pss = yes"] } : null));
            processes.Add((a.Pid, "charon-systemd"));
            IkeTestHostProcess? host = null;
            try
            {
                File.WriteAllText(Path.Combine(a.SwanctlDirectory, "x509ca", "ca.crt"), ca.CertificatePem());
                File.WriteAllText(Path.Combine(a.SwanctlDirectory, "x509ca", "other.crt"), other.CertificatePem());
                File.WriteAllText(Path.Combine(a.SwanctlDirectory, "x509", "a.crt"), aCert.CertificatePem());
                File.WriteAllText(Path.Combine(a.SwanctlDirectory, "private", "a.key"), aCert.PrivateKeyPem());
                string aId = distinguishedNames ? ADn : "a.lab.example";
                string bId = distinguishedNames ? BDn : "b.lab.example";
                a.Load(SwanctlConfig.Psk(pair.A, pair.B, distinguishedNames ? $"\"{aId}\"" : aId, distinguishedNames ? $"\"{bId}\"" : bId) with
                {
                    LocalAuth = "pubkey",
                    RemoteAuth = "pubkey",
                    LocalCertificate = "a.crt",
                    RemoteCaCertificates = [refusal == Refusal.StrongSwanTrustsOtherCa ? "other.crt" : "ca.crt"],
                    Proposals = "aes256gcm16-prfsha256-ecp256",
                    EspProposals = "aes128gcm16",
                });
                var (bCertPath, bKeyPath) = bCert.WritePem(work.FullPath, "b");
                string trusted = work.PathOf("trusted-ca.crt");
                File.WriteAllText(trusted, refusal == Refusal.OtherCa ? other.CertificatePem() : ca.CertificatePem());
                List<string> arguments =
                [
                    "--tun", "dswike0", "--local", pair.B.OuterAddress.ToString(), "--peer", pair.A.OuterAddress.ToString(),
                    "--local-id", bId, "--remote-id", aId,
                    "--auth", "pubkey", "--remote-auth", "pubkey", "--cert", bCertPath, "--key", bKeyPath, "--ca", trusted,
                    "--ike", "aes256gcm16-prfsha256-ecp256", "--esp", "aes128gcm16",
                    "--local-ts", pair.B.TrafficSelector, "--remote-ts", pair.A.TrafficSelector, "--max-seconds", "120",
                ];
                if (rsaPss) { arguments.Add("--rsa-pss"); }
                if (dotSwanIntermediate)
                {
                    string path = work.PathOf("intermediate.crt");
                    File.WriteAllText(path, intermediate.CertificatePem());
                    arguments.AddRange(["--intermediate", path]);
                }

                if (refusal == Refusal.Revoked)
                {
                    string path = work.PathOf("ca.crl");
                    File.WriteAllBytes(path, ca.CreateCrl([aCert.Certificate], DateTimeOffset.UtcNow.AddMinutes(-5)));
                    arguments.AddRange(["--crl", path]);
                }

                if (dotSwanInitiates) { arguments.Add("--initiate"); }
                host = scope.Add(IkeTestHostProcess.Start(pair.B, work.FullPath, arguments));
                processes.Add((host.Pid, host.ProcessName));
                body(pair, a, host);
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
