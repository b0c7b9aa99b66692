// Helpers shared by the codec suites: valid datagrams of every kind, and
// decoding from an exact-size heap copy, so that AddressSanitizer flags any
// read past the end of the input (a std::vector may have spare capacity).
#ifndef SEQEX_CODEC_TEST_UTIL_H
#define SEQEX_CODEC_TEST_UTIL_H

#include "seqex-names.h"
#include "seqex-sim-random.h"
#include "seqex-wire.h"

#include <cstring>
#include <memory>
#include <ostream>

namespace seqex
{

inline std::ostream&
operator<<(std::ostream& os, DecodeError e)
{
    return os << DecodeErrorName(e);
}

inline std::ostream&
operator<<(std::ostream& os, PacketKind k)
{
    return os << Label(k);
}

namespace codectest
{

constexpr PacketKind kAllKinds[] = {
    PacketKind::Payload,
    PacketKind::SeqCstPayload,
    PacketKind::Reply,
    PacketKind::SeqCstReply,
    PacketKind::Ack,
};

// Decodes `bytes` from a heap block of exactly bytes.size() bytes. The
// result's data pointer is rebased into `bytes` so it outlives the copy.
inline DecodedDatagram
DecodeExact(const Bytes& bytes)
{
    std::unique_ptr<uint8_t[]> exact(new uint8_t[bytes.size()]);
    if (!bytes.empty())
    {
        std::memcpy(exact.get(), bytes.data(), bytes.size());
    }
    DecodedDatagram d = DecodeDatagram(exact.get(), bytes.size());
    if (d.data != nullptr)
    {
        d.data = bytes.data() + (d.data - exact.get());
    }
    return d;
}

inline Bytes
Encode(PacketKind kind, uint16_t channel, Seq seq, Seq re, const Bytes& data)
{
    WireHeader h;
    h.kind = kind;
    h.channel = channel;
    h.seq = seq;
    h.re = re;
    Bytes out;
    EncodeDatagram(h, data.data(), data.size(), out);
    return out;
}

// The largest data a datagram of `kind` can carry.
inline size_t
MaxDataFor(PacketKind kind)
{
    return kind == PacketKind::Ack ? 0 : kMaxDatagramSize - HeaderSize(kind);
}

// A valid datagram of a random kind, with random fields and (mostly small)
// data.
inline Bytes
RandomValidDatagram(SimRandom& r)
{
    PacketKind kind = kAllKinds[r.Below(5)];
    size_t size = 0;
    switch (r.Below(8))
    {
    case 0:
        size = 0;
        break;
    case 1:
        size = size_t(r.Between(0, 2000));
        break;
    default:
        size = size_t(r.Between(0, 40));
        break;
    }
    Bytes data(size);
    for (auto& b : data)
    {
        b = uint8_t(r.Next());
    }
    return Encode(kind, uint16_t(r.Next()), Seq(r.Next()), Seq(r.Next()), data);
}

} // namespace codectest
} // namespace seqex

#endif
