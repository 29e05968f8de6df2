namespace DotSwan.Ike.Ikev2;

/// <summary>What an IKE SA needs from the engine that holds it to rekey itself: a fresh local SPI and a place for the new SA.</summary>
internal interface IIkeSaOwner
{
    /// <summary>A nonzero IKE SPI no SA of the engine uses.</summary>
    ulong NewIkeSpi();

    /// <summary>Takes an IKE SA created by a rekey into the engine's table.</summary>
    void Adopt(IkeSa sa);

    /// <summary>Says that <paramref name="sa"/>, another SA than the one the engine is driving, changed its deadlines.</summary>
    void Touch(IkeSa sa);
}
