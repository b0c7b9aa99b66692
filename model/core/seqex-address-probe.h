// Extension "address probe" (doc/core.md; SPEC §6 leaves transport resets
// to the implementation): after its socket moved, a side may have nothing of
// its own to send while the peer keeps retransmitting to the old address.
// It sends an empty Payload whose seq lies a quarter of the sequence space
// behind its next seq. The peer's next expected seq is never more than a few
// windows behind our next seq (it lies between our oldest packet the peer
// may not have delivered and our next seq: peerNext <= next_expected <=
// NextSeq, at most 2W apart), so the probe is *before* it by 2^30 - 2W ..
// 2^30, well inside SPEC §2's 1 .. 2^31 - 1: every peer that follows §2
// literally takes it for a duplicate of a long-finished packet and answers
// Ack(seq) (R2, R5). Our endpoint ignores that Ack (R7: nothing of ours is
// in flight there). No protocol state changes at either end (the peer counts
// one duplicate, we one ignored Ack), but the probe carries our new address
// and the Ack proves the peer has it. (Half the space, 2^31, would be
// neither before nor after the peer's next expected seq when nothing of
// ours is outstanding: a §2 peer may drop it silently.)
#ifndef SEQEX_ADDRESS_PROBE_H
#define SEQEX_ADDRESS_PROBE_H

#include "seqex-endpoint.h"

namespace seqex
{

constexpr uint32_t kAddressProbeDistance = 1u << 30;

// The probe's seq for an endpoint whose next seq is `nextSeq`.
constexpr Seq
AddressProbeSeq(Seq nextSeq)
{
    return nextSeq - kAddressProbeDistance;
}

// The probe as a packet to encode (data empty, like an Ack's null data).
template <typename S, typename R>
OutgoingPacket<S>
AddressProbe(const Endpoint<S, R>& endpoint)
{
    return {PacketKind::Payload, AddressProbeSeq(endpoint.NextSeq()), 0, nullptr, false};
}

} // namespace seqex

#endif
