/* Reference XFRM netlink messages built with the kernel's own structs (linux/xfrm.h), for XfrmMessagesTests.
 * Each case mirrors one C# test input field by field. Build and run: see SOURCE.md. */
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <linux/udp.h>

static unsigned char buf[4096];

static struct nlmsghdr *start(uint16_t type, uint16_t flags, uint32_t seq, size_t body) {
    memset(buf, 0, sizeof buf);
    struct nlmsghdr *h = (struct nlmsghdr *)buf;
    h->nlmsg_len = NLMSG_LENGTH(body);
    h->nlmsg_type = type;
    h->nlmsg_flags = flags;
    h->nlmsg_seq = seq;
    h->nlmsg_pid = 0;
    return h;
}

static void *attr(struct nlmsghdr *h, uint16_t type, size_t len) {
    struct nlattr *a = (struct nlattr *)(buf + NLMSG_ALIGN(h->nlmsg_len));
    a->nla_type = type;
    a->nla_len = NLA_HDRLEN + len;
    h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + NLA_ALIGN(a->nla_len);
    return (unsigned char *)a + NLA_HDRLEN;
}

static void dump(const char *name, struct nlmsghdr *h) {
    printf("%s ", name);
    for (unsigned i = 0; i < h->nlmsg_len; i++) printf("%02x", buf[i]);
    printf("\n");
}

static void v4(xfrm_address_t *a, const char *text) { inet_pton(AF_INET, text, &a->a4); }
static void v6(xfrm_address_t *a, const char *text) { inet_pton(AF_INET6, text, a->a6); }

static void unlimited(struct xfrm_lifetime_cfg *l) {
    l->soft_byte_limit = l->hard_byte_limit = XFRM_INF;
    l->soft_packet_limit = l->hard_packet_limit = XFRM_INF;
}

int main(void) {
    const uint16_t create = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;

    /* Layout facts. */
    printf("sizeof.xfrm_selector %zu\n", sizeof(struct xfrm_selector));
    printf("sizeof.xfrm_usersa_info %zu\n", sizeof(struct xfrm_usersa_info));
    printf("offsetof.xfrm_usersa_info.id %zu\n", offsetof(struct xfrm_usersa_info, id));
    printf("offsetof.xfrm_usersa_info.saddr %zu\n", offsetof(struct xfrm_usersa_info, saddr));
    printf("offsetof.xfrm_usersa_info.lft %zu\n", offsetof(struct xfrm_usersa_info, lft));
    printf("offsetof.xfrm_usersa_info.reqid %zu\n", offsetof(struct xfrm_usersa_info, reqid));
    printf("offsetof.xfrm_usersa_info.family %zu\n", offsetof(struct xfrm_usersa_info, family));
    printf("offsetof.xfrm_usersa_info.flags %zu\n", offsetof(struct xfrm_usersa_info, flags));
    printf("sizeof.xfrm_usersa_id %zu\n", sizeof(struct xfrm_usersa_id));
    printf("sizeof.xfrm_userpolicy_info %zu\n", sizeof(struct xfrm_userpolicy_info));
    printf("offsetof.xfrm_userpolicy_info.dir %zu\n", offsetof(struct xfrm_userpolicy_info, dir));
    printf("sizeof.xfrm_userpolicy_id %zu\n", sizeof(struct xfrm_userpolicy_id));
    printf("sizeof.xfrm_user_tmpl %zu\n", sizeof(struct xfrm_user_tmpl));
    printf("offsetof.xfrm_user_tmpl.saddr %zu\n", offsetof(struct xfrm_user_tmpl, saddr));
    printf("offsetof.xfrm_user_tmpl.reqid %zu\n", offsetof(struct xfrm_user_tmpl, reqid));
    printf("sizeof.xfrm_algo %zu\n", sizeof(struct xfrm_algo));
    printf("sizeof.xfrm_algo_aead %zu\n", sizeof(struct xfrm_algo_aead));
    printf("sizeof.xfrm_algo_auth %zu\n", sizeof(struct xfrm_algo_auth));
    printf("sizeof.xfrm_encap_tmpl %zu\n", sizeof(struct xfrm_encap_tmpl));
    printf("sizeof.xfrm_replay_state_esn %zu\n", sizeof(struct xfrm_replay_state_esn));
    printf("value.XFRM_MSG_NEWSA %d\nvalue.XFRM_MSG_DELSA %d\nvalue.XFRM_MSG_GETSA %d\nvalue.XFRM_MSG_NEWPOLICY %d\nvalue.XFRM_MSG_DELPOLICY %d\n",
           XFRM_MSG_NEWSA, XFRM_MSG_DELSA, XFRM_MSG_GETSA, XFRM_MSG_NEWPOLICY, XFRM_MSG_DELPOLICY);
    printf("value.XFRMA_ALG_CRYPT %d\nvalue.XFRMA_ENCAP %d\nvalue.XFRMA_TMPL %d\nvalue.XFRMA_ALG_AEAD %d\nvalue.XFRMA_ALG_AUTH_TRUNC %d\nvalue.XFRMA_REPLAY_ESN_VAL %d\n",
           XFRMA_ALG_CRYPT, XFRMA_ENCAP, XFRMA_TMPL, XFRMA_ALG_AEAD, XFRMA_ALG_AUTH_TRUNC, XFRMA_REPLAY_ESN_VAL);

    /* 1. NEWSA: ESP tunnel, AES-GCM-16 128 (key 00..13 incl. salt), ESN, window 64, UDP 4500/4500, IPv4,
     *    SPI 0xc0ffee01, 192.0.2.1 -> 192.0.2.2, reqid 7, nlmsg seq 1; soft 90 MiB / 3000 s, hard 100 MiB / 3600 s. */
    {
        struct nlmsghdr *h = start(XFRM_MSG_NEWSA, create, 1, sizeof(struct xfrm_usersa_info));
        struct xfrm_usersa_info *sa = NLMSG_DATA(h);
        sa->sel.family = AF_INET;
        v4(&sa->id.daddr, "192.0.2.2");
        sa->id.spi = htonl(0xc0ffee01);
        sa->id.proto = IPPROTO_ESP;
        v4(&sa->saddr, "192.0.2.1");
        unlimited(&sa->lft);
        sa->lft.soft_byte_limit = 90ull * 1024 * 1024;
        sa->lft.hard_byte_limit = 100ull * 1024 * 1024;
        sa->lft.soft_add_expires_seconds = 3000;
        sa->lft.hard_add_expires_seconds = 3600;
        sa->reqid = 7;
        sa->family = AF_INET;
        sa->mode = XFRM_MODE_TUNNEL;
        sa->replay_window = 0;
        sa->flags = XFRM_STATE_ESN;
        struct xfrm_algo_aead *aead = attr(h, XFRMA_ALG_AEAD, sizeof(*aead) + 20);
        strcpy(aead->alg_name, "rfc4106(gcm(aes))");
        aead->alg_key_len = 160;
        aead->alg_icv_len = 128;
        for (int i = 0; i < 20; i++) aead->alg_key[i] = (unsigned char)i;
        struct xfrm_encap_tmpl *encap = attr(h, XFRMA_ENCAP, sizeof(*encap));
        encap->encap_type = UDP_ENCAP_ESPINUDP;
        encap->encap_sport = htons(4500);
        encap->encap_dport = htons(4500);
        struct xfrm_replay_state_esn *esn = attr(h, XFRMA_REPLAY_ESN_VAL, sizeof(*esn) + 2 * 4);
        esn->bmp_len = 2;
        esn->replay_window = 64;
        dump("newsa.esp.gcm.esn.udp.ipv4", h);
    }

    /* 2. NEWSA: ESP transport, AES-CBC-256 (key 20..3f) + HMAC-SHA-256-128 (key 40..5f), window 32, no ESN, IPv6,
     *    SPI 0x00000200, 2001:db8::1 -> 2001:db8::2, reqid 9, seq 2, unlimited lifetimes. */
    {
        struct nlmsghdr *h = start(XFRM_MSG_NEWSA, create, 2, sizeof(struct xfrm_usersa_info));
        struct xfrm_usersa_info *sa = NLMSG_DATA(h);
        sa->sel.family = AF_INET6;
        v6(&sa->id.daddr, "2001:db8::2");
        sa->id.spi = htonl(0x200);
        sa->id.proto = IPPROTO_ESP;
        v6(&sa->saddr, "2001:db8::1");
        unlimited(&sa->lft);
        sa->reqid = 9;
        sa->family = AF_INET6;
        sa->mode = XFRM_MODE_TRANSPORT;
        sa->replay_window = 32;
        struct xfrm_algo *crypt = attr(h, XFRMA_ALG_CRYPT, sizeof(*crypt) + 32);
        strcpy(crypt->alg_name, "cbc(aes)");
        crypt->alg_key_len = 256;
        for (int i = 0; i < 32; i++) crypt->alg_key[i] = (unsigned char)(0x20 + i);
        struct xfrm_algo_auth *auth = attr(h, XFRMA_ALG_AUTH_TRUNC, sizeof(*auth) + 32);
        strcpy(auth->alg_name, "hmac(sha256)");
        auth->alg_key_len = 256;
        auth->alg_trunc_len = 128;
        for (int i = 0; i < 32; i++) auth->alg_key[i] = (unsigned char)(0x40 + i);
        dump("newsa.esp.cbc.sha256.transport.ipv6", h);
    }

    /* 3. NEWSA: AH tunnel, HMAC-SHA-1-96 (key 60..73), window 64 (no ESN: REPLAY_ESN_VAL for a window over 32), IPv4,
     *    SPI 0x00000300, 198.51.100.1 -> 198.51.100.2, reqid 3, seq 3, unlimited. */
    {
        struct nlmsghdr *h = start(XFRM_MSG_NEWSA, create, 3, sizeof(struct xfrm_usersa_info));
        struct xfrm_usersa_info *sa = NLMSG_DATA(h);
        sa->sel.family = AF_INET;
        v4(&sa->id.daddr, "198.51.100.2");
        sa->id.spi = htonl(0x300);
        sa->id.proto = IPPROTO_AH;
        v4(&sa->saddr, "198.51.100.1");
        unlimited(&sa->lft);
        sa->reqid = 3;
        sa->family = AF_INET;
        sa->mode = XFRM_MODE_TUNNEL;
        struct xfrm_algo_auth *auth = attr(h, XFRMA_ALG_AUTH_TRUNC, sizeof(*auth) + 20);
        strcpy(auth->alg_name, "hmac(sha1)");
        auth->alg_key_len = 160;
        auth->alg_trunc_len = 96;
        for (int i = 0; i < 20; i++) auth->alg_key[i] = (unsigned char)(0x60 + i);
        struct xfrm_replay_state_esn *esn = attr(h, XFRMA_REPLAY_ESN_VAL, sizeof(*esn) + 2 * 4);
        esn->bmp_len = 2;
        esn->replay_window = 64;
        dump("newsa.ah.sha1.ipv4", h);
    }

    /* 4. DELSA: ESP SPI 0xc0ffee01 to 192.0.2.2, seq 4. */
    {
        struct nlmsghdr *h = start(XFRM_MSG_DELSA, NLM_F_REQUEST | NLM_F_ACK, 4, sizeof(struct xfrm_usersa_id));
        struct xfrm_usersa_id *id = NLMSG_DATA(h);
        v4(&id->daddr, "192.0.2.2");
        id->spi = htonl(0xc0ffee01);
        id->family = AF_INET;
        id->proto = IPPROTO_ESP;
        dump("delsa.esp.ipv4", h);
    }

    /* 5. GETSA: AH SPI 0x00000300 to 2001:db8::2, seq 5. */
    {
        struct nlmsghdr *h = start(XFRM_MSG_GETSA, NLM_F_REQUEST, 5, sizeof(struct xfrm_usersa_id));
        struct xfrm_usersa_id *id = NLMSG_DATA(h);
        v6(&id->daddr, "2001:db8::2");
        id->spi = htonl(0x300);
        id->family = AF_INET6;
        id->proto = IPPROTO_AH;
        dump("getsa.ah.ipv6", h);
    }

    /* 6. NEWPOLICY: out, 10.1.0.0/16 -> 10.2.0.0/16, TCP, remote port 443, priority 100, index 0, protect with an ESP
     *    tunnel template 192.0.2.1 -> 192.0.2.2 reqid 7, seq 6. */
    {
        struct nlmsghdr *h = start(XFRM_MSG_NEWPOLICY, create, 6, sizeof(struct xfrm_userpolicy_info));
        struct xfrm_userpolicy_info *p = NLMSG_DATA(h);
        v4(&p->sel.saddr, "10.1.0.0");
        v4(&p->sel.daddr, "10.2.0.0");
        p->sel.prefixlen_s = 16;
        p->sel.prefixlen_d = 16;
        p->sel.dport = htons(443);
        p->sel.dport_mask = 0xffff;
        p->sel.family = AF_INET;
        p->sel.proto = IPPROTO_TCP;
        unlimited(&p->lft);
        p->priority = 100;
        p->dir = XFRM_POLICY_OUT;
        p->action = XFRM_POLICY_ALLOW;
        struct xfrm_user_tmpl *t = attr(h, XFRMA_TMPL, sizeof(*t));
        v4(&t->id.daddr, "192.0.2.2");
        t->id.proto = IPPROTO_ESP;
        t->family = AF_INET;
        v4(&t->saddr, "192.0.2.1");
        t->reqid = 7;
        t->mode = XFRM_MODE_TUNNEL;
        t->aalgos = t->ealgos = t->calgos = ~0u;
        dump("newpolicy.out.tcp443.tunnel.ipv4", h);
    }

    /* 7. NEWPOLICY: in, discard, fd00:2::/64 (remote) -> fd00:1::/64 (local), any protocol, priority 5, seq 7. */
    {
        struct nlmsghdr *h = start(XFRM_MSG_NEWPOLICY, create, 7, sizeof(struct xfrm_userpolicy_info));
        struct xfrm_userpolicy_info *p = NLMSG_DATA(h);
        v6(&p->sel.saddr, "fd00:2::");
        v6(&p->sel.daddr, "fd00:1::");
        p->sel.prefixlen_s = 64;
        p->sel.prefixlen_d = 64;
        p->sel.family = AF_INET6;
        unlimited(&p->lft);
        p->priority = 5;
        p->dir = XFRM_POLICY_IN;
        p->action = XFRM_POLICY_BLOCK;
        dump("newpolicy.in.discard.ipv6", h);
    }

    /* 8. DELPOLICY: the policy of case 6 by selector and direction, seq 8. */
    {
        struct nlmsghdr *h = start(XFRM_MSG_DELPOLICY, NLM_F_REQUEST | NLM_F_ACK, 8, sizeof(struct xfrm_userpolicy_id));
        struct xfrm_userpolicy_id *p = NLMSG_DATA(h);
        v4(&p->sel.saddr, "10.1.0.0");
        v4(&p->sel.daddr, "10.2.0.0");
        p->sel.prefixlen_s = 16;
        p->sel.prefixlen_d = 16;
        p->sel.dport = htons(443);
        p->sel.dport_mask = 0xffff;
        p->sel.family = AF_INET;
        p->sel.proto = IPPROTO_TCP;
        p->dir = XFRM_POLICY_OUT;
        dump("delpolicy.out.tcp443.ipv4", h);
    }
    return 0;
}
