namespace DotSwan.Wire.Ikev2;

/// <summary>Notify message types (IANA "IKEv2 Notify Message Types"): errors below 16384, status types from 16384. Unlisted values are carried as their number.</summary>
public enum NotifyType : ushort
{
    /// <summary>Reserved.</summary>
    None = 0,

    /// <summary>Error type 1: UNSUPPORTED_CRITICAL_PAYLOAD.</summary>
    UnsupportedCriticalPayload = 1,

    /// <summary>Error type 4: INVALID_IKE_SPI.</summary>
    InvalidIkeSpi = 4,

    /// <summary>Error type 5: INVALID_MAJOR_VERSION.</summary>
    InvalidMajorVersion = 5,

    /// <summary>Error type 7: INVALID_SYNTAX.</summary>
    InvalidSyntax = 7,

    /// <summary>Error type 9: INVALID_MESSAGE_ID.</summary>
    InvalidMessageId = 9,

    /// <summary>Error type 11: INVALID_SPI.</summary>
    InvalidSpi = 11,

    /// <summary>Error type 14: NO_PROPOSAL_CHOSEN.</summary>
    NoProposalChosen = 14,

    /// <summary>Error type 17: INVALID_KE_PAYLOAD.</summary>
    InvalidKePayload = 17,

    /// <summary>Error type 24: AUTHENTICATION_FAILED.</summary>
    AuthenticationFailed = 24,

    /// <summary>Error type 34: SINGLE_PAIR_REQUIRED.</summary>
    SinglePairRequired = 34,

    /// <summary>Error type 35: NO_ADDITIONAL_SAS.</summary>
    NoAdditionalSas = 35,

    /// <summary>Error type 36: INTERNAL_ADDRESS_FAILURE.</summary>
    InternalAddressFailure = 36,

    /// <summary>Error type 37: FAILED_CP_REQUIRED.</summary>
    FailedCpRequired = 37,

    /// <summary>Error type 38: TS_UNACCEPTABLE.</summary>
    TsUnacceptable = 38,

    /// <summary>Error type 39: INVALID_SELECTORS.</summary>
    InvalidSelectors = 39,

    /// <summary>Error type 40: UNACCEPTABLE_ADDRESSES.</summary>
    UnacceptableAddresses = 40,

    /// <summary>Error type 41: UNEXPECTED_NAT_DETECTED.</summary>
    UnexpectedNatDetected = 41,

    /// <summary>Error type 42: USE_ASSIGNED_HO_A.</summary>
    UseAssignedHoA = 42,

    /// <summary>Error type 43: TEMPORARY_FAILURE.</summary>
    TemporaryFailure = 43,

    /// <summary>Error type 44: CHILD_SA_NOT_FOUND.</summary>
    ChildSaNotFound = 44,

    /// <summary>Error type 45: INVALID_GROUP_ID.</summary>
    InvalidGroupId = 45,

    /// <summary>Error type 46: AUTHORIZATION_FAILED.</summary>
    AuthorizationFailed = 46,

    /// <summary>Error type 47: STATE_NOT_FOUND.</summary>
    StateNotFound = 47,

    /// <summary>Status type 16384: INITIAL_CONTACT.</summary>
    InitialContact = 16384,

    /// <summary>Status type 16385: SET_WINDOW_SIZE.</summary>
    SetWindowSize = 16385,

    /// <summary>Status type 16386: ADDITIONAL_TS_POSSIBLE.</summary>
    AdditionalTsPossible = 16386,

    /// <summary>Status type 16387: IPCOMP_SUPPORTED.</summary>
    IpcompSupported = 16387,

    /// <summary>Status type 16388: NAT_DETECTION_SOURCE_IP.</summary>
    NatDetectionSourceIp = 16388,

    /// <summary>Status type 16389: NAT_DETECTION_DESTINATION_IP.</summary>
    NatDetectionDestinationIp = 16389,

    /// <summary>Status type 16390: COOKIE.</summary>
    Cookie = 16390,

    /// <summary>Status type 16391: USE_TRANSPORT_MODE.</summary>
    UseTransportMode = 16391,

    /// <summary>Status type 16392: HTTP_CERT_LOOKUP_SUPPORTED.</summary>
    HttpCertLookupSupported = 16392,

    /// <summary>Status type 16393: REKEY_SA.</summary>
    RekeySa = 16393,

    /// <summary>Status type 16394: ESP_TFC_PADDING_NOT_SUPPORTED.</summary>
    EspTfcPaddingNotSupported = 16394,

    /// <summary>Status type 16395: NON_FIRST_FRAGMENTS_ALSO.</summary>
    NonFirstFragmentsAlso = 16395,

    /// <summary>Status type 16396: MOBIKE_SUPPORTED.</summary>
    MobikeSupported = 16396,

    /// <summary>Status type 16397: ADDITIONAL_IP4_ADDRESS.</summary>
    AdditionalIp4Address = 16397,

    /// <summary>Status type 16398: ADDITIONAL_IP6_ADDRESS.</summary>
    AdditionalIp6Address = 16398,

    /// <summary>Status type 16399: NO_ADDITIONAL_ADDRESSES.</summary>
    NoAdditionalAddresses = 16399,

    /// <summary>Status type 16400: UPDATE_SA_ADDRESSES.</summary>
    UpdateSaAddresses = 16400,

    /// <summary>Status type 16401: COOKIE2.</summary>
    Cookie2 = 16401,

    /// <summary>Status type 16402: NO_NATS_ALLOWED.</summary>
    NoNatsAllowed = 16402,

    /// <summary>Status type 16403: AUTH_LIFETIME.</summary>
    AuthLifetime = 16403,

    /// <summary>Status type 16404: MULTIPLE_AUTH_SUPPORTED.</summary>
    MultipleAuthSupported = 16404,

    /// <summary>Status type 16405: ANOTHER_AUTH_FOLLOWS.</summary>
    AnotherAuthFollows = 16405,

    /// <summary>Status type 16406: REDIRECT_SUPPORTED.</summary>
    RedirectSupported = 16406,

    /// <summary>Status type 16407: REDIRECT.</summary>
    Redirect = 16407,

    /// <summary>Status type 16408: REDIRECTED_FROM.</summary>
    RedirectedFrom = 16408,

    /// <summary>Status type 16409: TICKET_LT_OPAQUE.</summary>
    TicketLtOpaque = 16409,

    /// <summary>Status type 16410: TICKET_REQUEST.</summary>
    TicketRequest = 16410,

    /// <summary>Status type 16411: TICKET_ACK.</summary>
    TicketAck = 16411,

    /// <summary>Status type 16412: TICKET_NACK.</summary>
    TicketNack = 16412,

    /// <summary>Status type 16413: TICKET_OPAQUE.</summary>
    TicketOpaque = 16413,

    /// <summary>Status type 16414: LINK_ID.</summary>
    LinkId = 16414,

    /// <summary>Status type 16415: USE_WESP_MODE.</summary>
    UseWespMode = 16415,

    /// <summary>Status type 16416: ROHC_SUPPORTED.</summary>
    RohcSupported = 16416,

    /// <summary>Status type 16417: EAP_ONLY_AUTHENTICATION.</summary>
    EapOnlyAuthentication = 16417,

    /// <summary>Status type 16418: CHILDLESS_IKEV2_SUPPORTED.</summary>
    ChildlessIkev2Supported = 16418,

    /// <summary>Status type 16419: QUICK_CRASH_DETECTION.</summary>
    QuickCrashDetection = 16419,

    /// <summary>Status type 16420: IKEV2_MESSAGE_ID_SYNC_SUPPORTED.</summary>
    Ikev2MessageIdSyncSupported = 16420,

    /// <summary>Status type 16421: IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED.</summary>
    IpsecReplayCounterSyncSupported = 16421,

    /// <summary>Status type 16422: IKEV2_MESSAGE_ID_SYNC.</summary>
    Ikev2MessageIdSync = 16422,

    /// <summary>Status type 16423: IPSEC_REPLAY_COUNTER_SYNC.</summary>
    IpsecReplayCounterSync = 16423,

    /// <summary>Status type 16424: SECURE_PASSWORD_METHODS.</summary>
    SecurePasswordMethods = 16424,

    /// <summary>Status type 16425: PSK_PERSIST.</summary>
    PskPersist = 16425,

    /// <summary>Status type 16426: PSK_CONFIRM.</summary>
    PskConfirm = 16426,

    /// <summary>Status type 16427: ERX_SUPPORTED.</summary>
    ErxSupported = 16427,

    /// <summary>Status type 16428: IFOM_CAPABILITY.</summary>
    IfomCapability = 16428,

    /// <summary>Status type 16429: SENDER_REQUEST_ID.</summary>
    SenderRequestId = 16429,

    /// <summary>Status type 16430: IKEV2_FRAGMENTATION_SUPPORTED.</summary>
    Ikev2FragmentationSupported = 16430,

    /// <summary>Status type 16431: SIGNATURE_HASH_ALGORITHMS.</summary>
    SignatureHashAlgorithms = 16431,

    /// <summary>Status type 16432: CLONE_IKE_SA_SUPPORTED.</summary>
    CloneIkeSaSupported = 16432,

    /// <summary>Status type 16433: CLONE_IKE_SA.</summary>
    CloneIkeSa = 16433,

    /// <summary>Status type 16434: PUZZLE.</summary>
    Puzzle = 16434,

    /// <summary>Status type 16435: USE_PPK.</summary>
    UsePpk = 16435,

    /// <summary>Status type 16436: PPK_IDENTITY.</summary>
    PpkIdentity = 16436,

    /// <summary>Status type 16437: NO_PPK_AUTH.</summary>
    NoPpkAuth = 16437,

    /// <summary>Status type 16438: INTERMEDIATE_EXCHANGE_SUPPORTED.</summary>
    IntermediateExchangeSupported = 16438,

    /// <summary>Status type 16439: IP4_ALLOWED.</summary>
    Ip4Allowed = 16439,

    /// <summary>Status type 16440: IP6_ALLOWED.</summary>
    Ip6Allowed = 16440,

    /// <summary>Status type 16441: ADDITIONAL_KEY_EXCHANGE.</summary>
    AdditionalKeyExchange = 16441,

    /// <summary>Status type 16442: USE_AGGFRAG.</summary>
    UseAggfrag = 16442,
}
