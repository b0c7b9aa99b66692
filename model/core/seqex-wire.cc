#include "seqex-wire.h"

#include <cstring>

namespace seqex
{

namespace
{

void
PutU16(uint8_t* p, uint16_t v)
{
    p[0] = static_cast<uint8_t>(v >> 8);
    p[1] = static_cast<uint8_t>(v);
}

void
PutU32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

uint16_t
GetU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t
GetU32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

bool
KnownKind(uint8_t k)
{
    return k >= static_cast<uint8_t>(PacketKind::Payload) && k <= static_cast<uint8_t>(PacketKind::Ack);
}

} // namespace

const char*
DecodeErrorName(DecodeError e)
{
    switch (e)
    {
    case DecodeError::None:
        return "none";
    case DecodeError::Truncated:
        return "truncated";
    case DecodeError::TrailingBytes:
        return "trailing bytes";
    case DecodeError::BadVersion:
        return "unknown version";
    case DecodeError::BadKind:
        return "unknown packet kind";
    case DecodeError::Oversized:
        return "oversized";
    }
    return "?";
}

size_t
HeaderSize(PacketKind kind)
{
    if (kind == PacketKind::Ack)
    {
        return 8;
    }
    return IsReplyKind(kind) ? 14 : 10;
}

size_t
EncodeHeader(const WireHeader& h, uint8_t* out)
{
    out[0] = kWireVersion;
    out[1] = static_cast<uint8_t>(h.kind);
    PutU16(out + 2, h.channel);
    if (h.kind == PacketKind::Ack)
    {
        PutU32(out + 4, h.re);
        return 8;
    }
    PutU32(out + 4, h.seq);
    if (IsReplyKind(h.kind))
    {
        PutU32(out + 8, h.re);
        PutU16(out + 12, h.dataLength);
        return 14;
    }
    PutU16(out + 8, h.dataLength);
    return 10;
}

DecodeError
DecodeHeader(const uint8_t* in, size_t available, WireHeader& h)
{
    if (available < 2)
    {
        return DecodeError::Truncated;
    }
    if (in[0] != kWireVersion)
    {
        return DecodeError::BadVersion;
    }
    if (!KnownKind(in[1]))
    {
        return DecodeError::BadKind;
    }
    h = WireHeader{};
    h.kind = static_cast<PacketKind>(in[1]);
    if (available < HeaderSize(h.kind))
    {
        return DecodeError::Truncated;
    }
    h.channel = GetU16(in + 2);
    if (h.kind == PacketKind::Ack)
    {
        h.re = GetU32(in + 4);
        return DecodeError::None;
    }
    h.seq = GetU32(in + 4);
    if (IsReplyKind(h.kind))
    {
        h.re = GetU32(in + 8);
        h.dataLength = GetU16(in + 12);
    }
    else
    {
        h.dataLength = GetU16(in + 8);
    }
    return DecodeError::None;
}

DecodedDatagram
DecodeDatagram(const uint8_t* in, size_t size)
{
    DecodedDatagram d;
    if (size > kMaxDatagramSize)
    {
        d.error = DecodeError::Oversized;
        return d;
    }
    d.error = DecodeHeader(in, size, d.header);
    if (d.error != DecodeError::None)
    {
        return d;
    }
    size_t header = HeaderSize(d.header.kind);
    size_t expected = header + d.header.dataLength;
    if (size < expected)
    {
        d.error = DecodeError::Truncated;
    }
    else if (size > expected)
    {
        d.error = DecodeError::TrailingBytes;
    }
    else
    {
        d.data = in + header;
        d.dataLength = d.header.dataLength;
    }
    return d;
}

bool
EncodeDatagram(const WireHeader& h, const uint8_t* data, size_t dataLength, Bytes& out)
{
    out.clear();
    size_t header = HeaderSize(h.kind);
    if (h.kind == PacketKind::Ack)
    {
        dataLength = 0;
    }
    else if (dataLength > kMaxDatagramSize - header)
    {
        return false;
    }
    WireHeader sized = h;
    sized.dataLength = static_cast<uint16_t>(dataLength);
    out.resize(header + dataLength);
    EncodeHeader(sized, out.data());
    if (dataLength > 0)
    {
        std::memcpy(out.data() + header, data, dataLength);
    }
    return true;
}

bool
EncodeOutgoing(uint16_t channel, const OutgoingPacket<Bytes>& p, Bytes& out)
{
    WireHeader h;
    h.kind = p.kind;
    h.channel = channel;
    h.seq = p.seq;
    h.re = p.re;
    if (p.data == nullptr)
    {
        return EncodeDatagram(h, nullptr, 0, out);
    }
    return EncodeDatagram(h, p.data->data(), p.data->size(), out);
}

} // namespace seqex
