// The abstract SEQEX packets of SPEC §2, independent of any encoding.
#ifndef SEQEX_PACKET_H
#define SEQEX_PACKET_H

#include "seqex-seq.h"

#include <cstdint>

namespace seqex
{

enum class PacketKind : uint8_t
{
    Payload = 1,
    SeqCstPayload = 2,
    Reply = 3,
    SeqCstReply = 4,
    Ack = 5,
};

constexpr bool
IsDataKind(PacketKind k)
{
    return k != PacketKind::Ack;
}

constexpr bool
IsSeqCstKind(PacketKind k)
{
    return k == PacketKind::SeqCstPayload || k == PacketKind::SeqCstReply;
}

constexpr bool
IsReplyKind(PacketKind k)
{
    return k == PacketKind::Reply || k == PacketKind::SeqCstReply;
}

constexpr PacketKind
DataKind(bool isReply, bool seqCst)
{
    if (isReply)
    {
        return seqCst ? PacketKind::SeqCstReply : PacketKind::Reply;
    }
    return seqCst ? PacketKind::SeqCstPayload : PacketKind::Payload;
}

// A packet the endpoint hands out for transmission. `data` points into the
// endpoint's send window and stays valid until the next call that changes the
// endpoint; it is null for an Ack. For an Ack, `re` names the acked packet and
// `seq` is unused.
template <typename S>
struct OutgoingPacket
{
    PacketKind kind;
    Seq seq;
    Seq re;
    const S* data;
    bool retransmission;
};

} // namespace seqex

#endif
