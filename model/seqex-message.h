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

/**
 * \ingroup seqex
 * \brief How an answer went (the core's seqex::AnswerStatus, plus the
 * transport's).
 */
enum class SeqexAnswerStatus
{
    Ok,              //!< answered
    AlreadyAnswered, //!< answered before (or acked when its transport went away)
    TooLarge,        //!< a reply above seqex::kMaxDataSize bytes: not sent, still unanswered
};

/**
 * \ingroup seqex
 * \brief Names an answer status for logs and errors.
 * \param s the status
 * \return its name ("ok", "already answered", "too large")
 */
const char* SeqexAnswerStatusName(SeqexAnswerStatus s);

/**
 * \ingroup seqex
 * \brief A payload or reply delivered by SeqexTransport, with its answer
 * handle.
 *
 * The transport hands every payload and reply from the peer to its receive
 * callback as a Ptr<SeqexMessage>. Answer it once, now or later: Reply()
 * sends a reply (the exchange goes on), Ack() ends the exchange with an Ack.
 * Dropping the last Ptr to an unanswered message acks it (SPEC R8), so no
 * delivery is forgotten; a message that outlives its transport was acked
 * when the transport went away.
 */
class SeqexMessage : public SimpleRefCount<SeqexMessage>
{
  public:
    /// The core's answer handle for one delivery.
    using Handle = seqex::Answer<seqex::Bytes, seqex::Bytes>;

    /// Acks the delivery when it is still unanswered (SPEC R8).
    ~SeqexMessage();

    SeqexMessage(const SeqexMessage&) = delete;
    SeqexMessage& operator=(const SeqexMessage&) = delete;

    /**
     * \brief The channel it arrived on.
     * \return the channel
     */
    uint16_t GetChannel() const;
    /**
     * \brief Its sequence number, in the peer's numbering.
     * \return the seq
     */
    uint32_t GetSeq() const;
    /**
     * \brief Whether it is seq_cst (delivered in order with the peer's other
     * seq_cst packets of its channel).
     * \return true when it is seq_cst
     */
    bool IsSeqCst() const;
    /**
     * \brief Whether it is a reply to one of our packets (else a payload,
     * which starts an exchange).
     * \return true for a reply
     */
    bool IsReply() const;
    /**
     * \brief The packet of ours it replies to.
     * \return that packet's seq when IsReply(), else nothing
     */
    std::optional<uint32_t> GetRe() const;
    /**
     * \brief The application bytes.
     * \return the data
     */
    const seqex::Bytes& GetData() const;
    /**
     * \brief The application bytes as a packet.
     * \return a new packet holding a copy of the data
     */
    Ptr<Packet> GetPacket() const;
    /**
     * \brief Whether it still waits for its answer.
     * \return true while unanswered
     */
    bool IsPending() const;

    /**
     * \brief Answers with a reply (never refused for lack of window room, S5).
     * \param data the reply's bytes (at most seqex::kMaxDataSize)
     * \param seqCst whether the reply is seq_cst
     * \return the outcome; on Ok, GetReplySeq() is the reply's seq
     */
    SeqexAnswerStatus Reply(const seqex::Bytes& data, bool seqCst = false);
    /**
     * \brief Answers with a reply taken from a packet's bytes.
     * \param data the reply (at most seqex::kMaxDataSize bytes)
     * \param seqCst whether the reply is seq_cst
     * \return the outcome; on Ok, GetReplySeq() is the reply's seq
     */
    SeqexAnswerStatus Reply(Ptr<const Packet> data, bool seqCst = false);
    /**
     * \brief The seq of the reply sent by Reply().
     * \return the reply's seq (0 before a successful Reply)
     */
    uint32_t GetReplySeq() const;

    /**
     * \brief Answers with the Ack that ends the exchange at this packet.
     * \return the outcome
     */
    SeqexAnswerStatus Ack();

  private:
    friend class SeqexTransport;
    /**
     * \brief A delivery, made by its transport only.
     * \param transport the transport that delivered it
     * \param channel its channel
     * \param seqCst whether it is seq_cst
     * \param re the packet of ours it replies to, for a reply
     * \param data its application bytes
     * \param handle the core's answer handle
     */
    SeqexMessage(SeqexTransport* transport,
                 uint16_t channel,
                 bool seqCst,
                 std::optional<uint32_t> re,
                 seqex::Bytes data,
                 Handle handle);
    /// The transport goes away: ack now (its endpoint still lives), detach.
    void Detach();

    SeqexTransport* m_transport;  //!< the delivering transport; null once detached
    uint16_t m_channel;           //!< the channel it arrived on
    uint32_t m_seq;               //!< its seq (the peer's)
    bool m_seqCst;                //!< it is seq_cst
    std::optional<uint32_t> m_re; //!< our packet it replies to, for a reply
    seqex::Bytes m_data;          //!< its application bytes
    Handle m_handle;              //!< the core's answer handle
    uint32_t m_replySeq = 0;      //!< the seq of our reply, once sent
};

} // namespace ns3

#endif
