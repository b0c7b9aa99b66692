// SEQEX binary wire format, version 1 (doc/wire-format.md). Big-endian.
//
//   Ack            ver(1) kind(1) channel(2) re(4)                       8 bytes
//   Payload, PC    ver(1) kind(1) channel(2) seq(4) len(2) data(len)    10 + len
//   Reply, RC      ver(1) kind(1) channel(2) seq(4) re(4) len(2) data   14 + len
//
// The channel id lets several SEQEX instances share one socket. Parsing is
// strict, so a parsed datagram re-encodes to the same bytes: a wrong version
// or kind, a length that disagrees with the datagram, or a datagram above
// kMaxDatagramSize is rejected with a reason, never read out of bounds.
#ifndef SEQEX_WIRE_H
#define SEQEX_WIRE_H

#include "seqex-packet.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace seqex
{

using Bytes = std::vector<uint8_t>;

constexpr uint8_t kWireVersion = 1;
constexpr size_t kMaxHeaderSize = 14;
constexpr size_t kMaxDatagramSize = 65507; // largest UDP payload over IPv4
constexpr size_t kMaxDataSize = kMaxDatagramSize - kMaxHeaderSize;

struct WireHeader
{
    PacketKind kind = PacketKind::Payload;
    uint16_t channel = 0;
    Seq seq = 0;             // data packets
    Seq re = 0;              // replies and acks
    uint16_t dataLength = 0; // data packets
};

enum class DecodeError
{
    None,
    Truncated,      // shorter than its header, or than the data length it declares
    TrailingBytes,  // longer than the data length it declares
    BadVersion,     // first byte is not kWireVersion
    BadKind,        // second byte names no packet kind
    Oversized,      // larger than kMaxDatagramSize
};

const char* DecodeErrorName(DecodeError e);

// Size of the header for `kind` (8, 10 or 14).
size_t HeaderSize(PacketKind kind);

// Writes the header into out[0 .. HeaderSize(h.kind)) and returns its size.
size_t EncodeHeader(const WireHeader& h, uint8_t* out);

// Parses a header from the first `available` bytes (the data may follow).
DecodeError DecodeHeader(const uint8_t* in, size_t available, WireHeader& h);

// A whole datagram, decoded without copying: `data` points into the input.
struct DecodedDatagram
{
    DecodeError error = DecodeError::None;
    WireHeader header;
    const uint8_t* data = nullptr;
    size_t dataLength = 0;
};

DecodedDatagram DecodeDatagram(const uint8_t* in, size_t size);

// Encodes a whole datagram into `out` (resized; its capacity is reused).
// Returns false, leaving `out` empty, when the datagram would exceed
// kMaxDatagramSize: data up to kMaxDataSize always fits; a payload, whose
// header is 4 bytes shorter than a reply's, may carry 4 bytes more. So the
// encoder accepts exactly the sizes the decoder accepts.
bool EncodeDatagram(const WireHeader& h, const uint8_t* data, size_t dataLength, Bytes& out);

// Encodes a packet an Endpoint<Bytes, ...> handed out for transmission.
bool EncodeOutgoing(uint16_t channel, const OutgoingPacket<Bytes>& p, Bytes& out);

} // namespace seqex

#endif
