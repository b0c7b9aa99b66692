#include "seqex-message.h"

#include "seqex-transport.h"

#include "ns3/simulator.h"

namespace ns3
{

const char*
SeqexAnswerStatusName(SeqexAnswerStatus s)
{
    switch (s)
    {
    case SeqexAnswerStatus::Ok:
        return "ok";
    case SeqexAnswerStatus::AlreadyAnswered:
        return "already answered";
    case SeqexAnswerStatus::TooLarge:
        return "too large";
    }
    return "?";
}

SeqexMessage::SeqexMessage(SeqexTransport* transport,
                           uint16_t channel,
                           bool seqCst,
                           std::optional<uint32_t> re,
                           seqex::Bytes data,
                           Handle handle)
    : m_transport(transport),
      m_channel(channel),
      m_seq(handle.GetSeq()),
      m_seqCst(seqCst),
      m_re(re),
      m_data(std::move(data)),
      m_handle(std::move(handle))
{
}

SeqexMessage::~SeqexMessage()
{
    if (m_handle.Pending())
    {
        Ack(); // SPEC R8: a dropped delivery is acked
    }
}

void
SeqexMessage::Detach()
{
    m_handle.Ack(); // the endpoint still exists; nothing is sent any more
    m_transport = nullptr;
}

uint16_t
SeqexMessage::GetChannel() const
{
    return m_channel;
}

uint32_t
SeqexMessage::GetSeq() const
{
    return m_seq;
}

bool
SeqexMessage::IsSeqCst() const
{
    return m_seqCst;
}

bool
SeqexMessage::IsReply() const
{
    return m_re.has_value();
}

std::optional<uint32_t>
SeqexMessage::GetRe() const
{
    return m_re;
}

const seqex::Bytes&
SeqexMessage::GetData() const
{
    return m_data;
}

Ptr<Packet>
SeqexMessage::GetPacket() const
{
    return Create<Packet>(m_data.data(), static_cast<uint32_t>(m_data.size()));
}

bool
SeqexMessage::IsPending() const
{
    return m_handle.Pending();
}

uint32_t
SeqexMessage::GetReplySeq() const
{
    return m_replySeq;
}

SeqexAnswerStatus
SeqexMessage::Reply(const seqex::Bytes& data, bool seqCst)
{
    if (!m_handle.Pending() || m_transport == nullptr)
    {
        return SeqexAnswerStatus::AlreadyAnswered;
    }
    if (data.size() > seqex::kMaxDataSize)
    {
        return SeqexAnswerStatus::TooLarge;
    }
    seqex::ReplyResult r = m_handle.Reply(Simulator::Now().GetMilliSeconds(), seqCst, data);
    if (!r.Ok())
    {
        return SeqexAnswerStatus::AlreadyAnswered; // the endpoint no longer holds it
    }
    m_replySeq = r.seq;
    m_transport->Replied(this, r.seq, seqCst, data);
    return SeqexAnswerStatus::Ok;
}

SeqexAnswerStatus
SeqexMessage::Reply(Ptr<const Packet> data, bool seqCst)
{
    NS_ABORT_MSG_UNLESS(data, "SeqexMessage::Reply: null packet");
    seqex::Bytes bytes(data->GetSize());
    data->CopyData(bytes.data(), bytes.size());
    return Reply(bytes, seqCst);
}

SeqexAnswerStatus
SeqexMessage::Ack()
{
    if (!m_handle.Pending() || m_transport == nullptr)
    {
        return SeqexAnswerStatus::AlreadyAnswered;
    }
    seqex::AnswerStatus status = m_handle.Ack();
    if (status != seqex::AnswerStatus::Ok)
    {
        return SeqexAnswerStatus::AlreadyAnswered;
    }
    m_transport->Acked(this);
    return SeqexAnswerStatus::Ok;
}

} // namespace ns3
