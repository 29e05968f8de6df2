using CsCheck;
using DotSwan.Ike.Proposals;

namespace DotSwan.Ike.Tests.Proposals;

public class ProposalPropertyTests
{
    private static string[] Canonical(Func<ProposalTransform, bool> filter) =>
        [.. ProposalKeywords.Canonical.Where(k => filter(k.Key)).Select(k => k.Value).Order(StringComparer.Ordinal)];

    private static readonly string[] Aead = Canonical(t => t.Type == TransformType.Encryption && t.IsAead);
    private static readonly string[] Classic = Canonical(t => t.Type == TransformType.Encryption && !t.IsAead);
    private static readonly string[] Integrity = Canonical(t => t.Type == TransformType.Integrity);
    private static readonly string[] Prfs = Canonical(t => t.Type == TransformType.Prf);
    private static readonly string[] KeyExchanges = Canonical(t => t.Type == TransformType.KeyExchange);

    private static Gen<string[]> Some(string[] pool, int min, int max) =>
        Gen.Int[0, pool.Length - 1].Array[min, max].Select(ix => ix.Distinct().Select(i => pool[i]).ToArray());

    private static readonly Gen<string> IkeProposal =
        Gen.Bool.SelectMany(aead => aead
            ? Gen.Select(Some(Aead, 1, 4), Some(Prfs, 1, 3), Some(KeyExchanges, 1, 4), Some(KeyExchanges, 0, 2),
                (e, p, k, add) => string.Join('-', e.Concat(p).Concat(k).Concat(add.Select(a => "ke1_" + a))))
            : Gen.Select(Some(Classic, 1, 4), Some(Integrity, 1, 3), Some(Prfs, 1, 3), Some(KeyExchanges, 1, 4),
                (e, i, p, k) => string.Join('-', e.Concat(i).Concat(p).Concat(k))));

    private static readonly Gen<string> EspProposal =
        Gen.Select(Gen.Bool, Some(Aead, 1, 3), Some(Classic, 1, 3), Some(Integrity, 1, 3), Some(KeyExchanges, 0, 2), Gen.Int[0, 3],
            (aead, a, c, i, k, esn) => string.Join('-',
                (aead ? a : c.Concat(i)).Concat(k).Concat(esn switch { 0 => [], 1 => ["esn"], 2 => ["esn", "noesn"], _ => ["noesn", "esn"] })));

    [Fact]
    public void Ike_parse_then_format_then_parse_is_stable()
    {
        IkeProposal.Sample(text =>
        {
            var suite = ProposalParser.Parse(text, ProposalProtocol.Ike);
            string formatted = suite.ToProposalString();
            Assert.Equal(suite, ProposalParser.Parse(formatted, ProposalProtocol.Ike));
            Assert.Equal(formatted, ProposalParser.Parse(formatted, ProposalProtocol.Ike).ToProposalString());
        });
    }

    [Fact]
    public void Esp_format_of_parse_is_the_input()
    {
        EspProposal.Sample(text =>
        {
            var suite = ProposalParser.Parse(text, ProposalProtocol.Esp);
            Assert.Equal(text, suite.ToProposalString());
        });
    }

    [Fact]
    public void A_proposal_always_selects_itself_and_the_choice_is_within_both_sides()
    {
        Gen.Select(IkeProposal, IkeProposal).Sample((a, b) =>
        {
            var ours = ProposalParser.Parse(a, ProposalProtocol.Ike);
            var theirs = ProposalParser.Parse(b, ProposalProtocol.Ike);
            Assert.True(ProposalSelector.Select([ours], [ours.ToOffered(1, default)]).IsSuccess);
            var result = ProposalSelector.Select([ours], [theirs.ToOffered(1, default)]);
            if (result.IsSuccess)
            {
                Assert.All(result.Selected!.Transforms, t => Assert.Contains(t, ours.Transforms));
                Assert.All(result.Selected!.Transforms, t => Assert.Contains(theirs.Transforms, x => x.Matches(t)));
                Assert.Equal(result.Selected.Transforms.Count, result.Selected.Transforms.Select(t => t.Type).Distinct().Count());
            }
            else
            {
                Assert.StartsWith("no proposal chosen: peer offered IKE:", result.Reason);
            }
        });
    }

    [Fact]
    public void Garbage_strings_never_throw()
    {
        Gen.String.Sample(text =>
        {
            foreach (var protocol in new[] { ProposalProtocol.Ike, ProposalProtocol.Esp })
            {
                if (ProposalParser.TryParseList(text, protocol, out var suites, out var error)) { Assert.NotEmpty(suites); }
                else { Assert.NotEmpty(error.Message); }
            }
        });
    }
}
