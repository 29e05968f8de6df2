using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace DotSwan.Crypto.Tests.Kdf;

/// <summary>
/// Independent references for the AES PRFs with a 16-byte key (where RFC 4434 and RFC 4615 make the PRF the plain MAC):
/// AES-XCBC-MAC-128 written out from RFC 3566 §4 over the BCL's AES-ECB, and BouncyCastle's AES-CMAC (RFC 4493).
/// </summary>
internal static class AesMacReference
{
    public static byte[] Compute(PrfAlgorithm algorithm, byte[] key, byte[] message)
    {
        Assert.Equal(16, key.Length);
        return algorithm == PrfAlgorithm.Aes128Xcbc ? Xcbc(key, message) : Cmac(key, message);
    }

    private static byte[] Cmac(byte[] key, byte[] message)
    {
        var mac = new CMac(new AesEngine());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(message, 0, message.Length);
        var output = new byte[16];
        mac.DoFinal(output, 0);
        return output;
    }

    private static byte[] Xcbc(byte[] key, byte[] message)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        // RFC 3566 §4 (1): K1 = E(K, 0x01..01), K2 = E(K, 0x02..02), K3 = E(K, 0x03..03).
        byte[] k1 = aes.EncryptEcb(Enumerable.Repeat((byte)1, 16).ToArray(), PaddingMode.None);
        byte[] k2 = aes.EncryptEcb(Enumerable.Repeat((byte)2, 16).ToArray(), PaddingMode.None);
        byte[] k3 = aes.EncryptEcb(Enumerable.Repeat((byte)3, 16).ToArray(), PaddingMode.None);
        aes.Key = k1;

        int blocks = Math.Max(1, (message.Length + 15) / 16);
        var e = new byte[16];
        for (int b = 0; b < blocks; b++)
        {
            var block = new byte[16];
            int start = b * 16;
            int length = Math.Min(16, message.Length - start);
            message.AsSpan(start, length).CopyTo(block);
            if (b == blocks - 1)
            {
                // (4)/(5): a complete last block is XORed with K2; an incomplete (or empty) one is padded 10* and XORed with K3.
                byte[] tweak = length == 16 ? k2 : k3;
                if (length < 16)
                {
                    block[length] = 0x80;
                }

                for (int i = 0; i < 16; i++)
                {
                    block[i] ^= tweak[i];
                }
            }

            for (int i = 0; i < 16; i++)
            {
                block[i] ^= e[i];
            }

            e = aes.EncryptEcb(block, PaddingMode.None);
        }

        return e;
    }
}
