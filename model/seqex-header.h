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

/**
 * \defgroup seqex SEQEX
 * \brief The SEQEX transport (exactly-once delivery, request/reply exchanges
 * ending in an Ack) over UDP: the sans-IO core (seqex::) and its ns-3 model,
 * helper and header (doc/seqex.rst).
 */

namespace ns3
{

/**
 * \ingroup seqex
 * \brief The SEQEX wire header (doc/wire-format.md) as an ns3::Header.
 *
 * The layout is the core codec's (seqex::EncodeHeader, seqex::DecodeHeader);
 * this class moves its bytes in and out of an ns-3 Buffer so that packets
 * carry it in their metadata and print it. Deserialize cannot fail in ns-3:
 * a rejected header is recorded (GetDecodeError) instead.
 */
class SeqexHeader : public Header
{
  public:
    /**
     * \brief A payload header with every field 0 (seqex::WireHeader{}).
     */
    SeqexHeader();

    /**
     * \brief A header with the given fields.
     * \param wire the fields, as the core codec holds them
     */
    explicit SeqexHeader(const seqex::WireHeader& wire);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Reads at most one header's worth of bytes, never past the buffer.
     * \param start where the header begins
     * \return the bytes read; GetDecodeError() tells whether they were valid
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    /**
     * \brief Prints "SEQEX <kind label> ch=<c> seq=<s> re=<r> len=<n>" (the
     * fields the kind has; the label is seqex::Label).
     * \param os the output stream
     */
    void Print(std::ostream& os) const override;

    /**
     * \brief The header's fields.
     * \return the fields, as the core codec holds them
     */
    const seqex::WireHeader& GetWireHeader() const;
    /**
     * \brief Replaces every field (and clears the decode error).
     * \param wire the new fields
     */
    void SetWireHeader(const seqex::WireHeader& wire);

    /**
     * \brief Why the last Deserialize rejected its bytes.
     * \return seqex::DecodeError::None unless the codec rejected them
     */
    seqex::DecodeError GetDecodeError() const;

    /** \return the packet kind (SPEC §2) */
    seqex::PacketKind GetKind() const;
    /** \return the channel the packet belongs to */
    uint16_t GetChannel() const;
    /** \return the sender's seq of a data packet (unused in an Ack) */
    uint32_t GetSeq() const;
    /** \return the seq a reply or an Ack names (unused in a payload) */
    uint32_t GetRe() const;
    /** \return the length of a data packet's data in bytes */
    uint16_t GetDataLength() const;

  private:
    seqex::WireHeader m_wire;                              //!< the fields
    seqex::DecodeError m_error = seqex::DecodeError::None; //!< the last Deserialize's verdict
};

} // namespace ns3

#endif
