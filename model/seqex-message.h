// SeqexMessage: a payload or reply SeqexTransport delivered to its user,
// with the delivery's answer handle (SPEC R8). Answer it once, now or later:
// Reply() sends a reply, Ack() ends the exchange with an Ack. Dropping the
// last Ptr to an unanswered message acks it, so no delivery is forgotten.
#ifndef SEQEX_MESSAGE_H
#define SEQEX_MESSAGE_H

#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/seqex-answer.h"
#include "ns3/seqex-wire.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <optional>

namespace ns3
{

class SeqexTransport;

/// How an answer went (the core's seqex::AnswerStatus, plus the transport's).
enum class SeqexAnswerStatus
{
    Ok,
    AlreadyAnswered, //!< answered before (or acked when its transport went away)
    TooLarge,        //!< a reply above seqex::kMaxDataSize bytes: not sent, still unanswered
};

/// \return a name for `s`
const char* SeqexAnswerStatusName(SeqexAnswerStatus s);

/**
 * \brief A payload or reply delivered by SeqexTransport, with its answer
 * handle.
 */
class SeqexMessage : public SimpleRefCount<SeqexMessage>
{
  public:
    using Handle = seqex::Answer<seqex::Bytes, seqex::Bytes>;

    ~SeqexMessage(); //!< acks when still unanswered (SPEC R8)

    SeqexMessage(const SeqexMessage&) = delete;
    SeqexMessage& operator=(const SeqexMessage&) = delete;

    /// \return the channel it arrived on
    uint16_t GetChannel() const;
    /// \return its sequence number (the peer's)
    uint32_t GetSeq() const;
    /// \return true when it is seq_cst
    bool IsSeqCst() const;
    /// \return true when it is a reply to one of our packets
    bool IsReply() const;
    /// \return the seq of our packet it replies to (when IsReply())
    std::optional<uint32_t> GetRe() const;
    /// \return the application bytes
    const seqex::Bytes& GetData() const;
    /// \return the application bytes as a new packet
    Ptr<Packet> GetPacket() const;
    /// \return true while unanswered
    bool IsPending() const;

    /**
     * \brief Answers with a reply (never refused for lack of window room, S5).
     * \param data the reply's bytes (at most seqex::kMaxDataSize)
     * \param seqCst whether the reply is seq_cst
     * \return the outcome; on Ok, GetReplySeq() is the reply's seq
     */
    SeqexAnswerStatus Reply(const seqex::Bytes& data, bool seqCst = false);
    /// \copydoc Reply(const seqex::Bytes&,bool)
    SeqexAnswerStatus Reply(Ptr<const Packet> data, bool seqCst = false);
    /// \return the seq of the reply sent by Reply
    uint32_t GetReplySeq() const;

    /**
     * \brief Answers with the Ack that ends the exchange at this packet.
     * \return the outcome
     */
    SeqexAnswerStatus Ack();

  private:
    friend class SeqexTransport;
    SeqexMessage(SeqexTransport* transport,
                 uint16_t channel,
                 bool seqCst,
                 std::optional<uint32_t> re,
                 seqex::Bytes data,
                 Handle handle);
    /// The transport goes away: ack now (its endpoint still lives), detach.
    void Detach();

    SeqexTransport* m_transport; //!< null once detached
    uint16_t m_channel;
    uint32_t m_seq;
    bool m_seqCst;
    std::optional<uint32_t> m_re;
    seqex::Bytes m_data;
    Handle m_handle;
    uint32_t m_replySeq = 0;
};

} // namespace ns3

#endif
