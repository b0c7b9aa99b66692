#include "seqex-header.h"

#include "ns3/log.h"
#include "ns3/seqex-names.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SeqexHeader");
NS_OBJECT_ENSURE_REGISTERED(SeqexHeader);

SeqexHeader::SeqexHeader() = default;

SeqexHeader::SeqexHeader(const seqex::WireHeader& wire)
    : m_wire(wire)
{
}

TypeId
SeqexHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SeqexHeader")
                            .SetParent<Header>()
                            .SetGroupName("Seqex")
                            .AddConstructor<SeqexHeader>();
    return tid;
}

TypeId
SeqexHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
SeqexHeader::GetSerializedSize() const
{
    return seqex::HeaderSize(m_wire.kind);
}

void
SeqexHeader::Serialize(Buffer::Iterator start) const
{
    uint8_t bytes[seqex::kMaxHeaderSize];
    size_t size = seqex::EncodeHeader(m_wire, bytes);
    start.Write(bytes, static_cast<uint32_t>(size));
}

uint32_t
SeqexHeader::Deserialize(Buffer::Iterator start)
{
    // Reading past the header is harmless (the iterator is a copy); only
    // the header's own size counts as consumed.
    uint8_t bytes[seqex::kMaxHeaderSize];
    uint32_t available =
        std::min<uint32_t>(start.GetRemainingSize(), static_cast<uint32_t>(seqex::kMaxHeaderSize));
    start.Read(bytes, available);
    seqex::WireHeader decoded;
    m_error = seqex::DecodeHeader(bytes, available, decoded);
    if (m_error != seqex::DecodeError::None)
    {
        NS_LOG_LOGIC("undecodable header: " << seqex::DecodeErrorName(m_error));
        return available;
    }
    m_wire = decoded;
    return static_cast<uint32_t>(seqex::HeaderSize(m_wire.kind));
}

void
SeqexHeader::Print(std::ostream& os) const
{
    os << "SEQEX " << seqex::Label(m_wire.kind) << " ch=" << m_wire.channel;
    if (seqex::IsDataKind(m_wire.kind))
    {
        os << " seq=" << m_wire.seq;
    }
    if (m_wire.kind == seqex::PacketKind::Ack || seqex::IsReplyKind(m_wire.kind))
    {
        os << " re=" << m_wire.re;
    }
    if (seqex::IsDataKind(m_wire.kind))
    {
        os << " len=" << m_wire.dataLength;
    }
}

const seqex::WireHeader&
SeqexHeader::GetWireHeader() const
{
    return m_wire;
}

void
SeqexHeader::SetWireHeader(const seqex::WireHeader& wire)
{
    m_wire = wire;
    m_error = seqex::DecodeError::None;
}

seqex::DecodeError
SeqexHeader::GetDecodeError() const
{
    return m_error;
}

seqex::PacketKind
SeqexHeader::GetKind() const
{
    return m_wire.kind;
}

uint16_t
SeqexHeader::GetChannel() const
{
    return m_wire.channel;
}

uint32_t
SeqexHeader::GetSeq() const
{
    return m_wire.seq;
}

uint32_t
SeqexHeader::GetRe() const
{
    return m_wire.re;
}

uint16_t
SeqexHeader::GetDataLength() const
{
    return m_wire.dataLength;
}

} // namespace ns3
