// SeqexHeader: the SEQEX wire header (doc/wire-format.md) as an ns3::Header,
// so packets carry it in their metadata and print it. The layout lives in the
// core codec (seqex-wire.h); this class only moves its bytes in and out of an
// ns-3 Buffer.
//
// ns-3's Header::Deserialize cannot report failure, so it records a
// seqex::DecodeError instead (GetDecodeError). Untrusted datagrams must be
// validated with seqex::DecodeDatagram on their raw bytes first, as
// SeqexApplication does; a header read afterwards is then well formed.
#ifndef SEQEX_HEADER_H
#define SEQEX_HEADER_H

#include "ns3/header.h"
#include "ns3/seqex-wire.h"

namespace ns3
{

class SeqexHeader : public Header
{
  public:
    SeqexHeader();
    explicit SeqexHeader(const seqex::WireHeader& wire);

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    // Reads at most one header's worth of bytes; never reads past the buffer.
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    const seqex::WireHeader& GetWireHeader() const;
    void SetWireHeader(const seqex::WireHeader& wire);

    // None unless the last Deserialize met bytes the codec rejects.
    seqex::DecodeError GetDecodeError() const;

    seqex::PacketKind GetKind() const;
    uint16_t GetChannel() const;
    uint32_t GetSeq() const;        // data packets
    uint32_t GetRe() const;         // replies and acks
    uint16_t GetDataLength() const; // data packets

  private:
    seqex::WireHeader m_wire;
    seqex::DecodeError m_error = seqex::DecodeError::None;
};

} // namespace ns3

#endif
