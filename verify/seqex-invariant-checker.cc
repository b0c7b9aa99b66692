#include "seqex-invariant-checker.h"

#include "seqex-names.h"

#include <sstream>

namespace seqex
{

namespace
{

// Beyond this, a record is broken rather than a protocol wrong: the rest is
// counted, not kept, so a runaway implementation cannot exhaust memory.
constexpr size_t kMaxKeptViolations = 200;

// A skipped seq is reported; skipping more than this is not stored.
constexpr uint32_t kMaxSeqGap = 1u << 20;

int
Other(int peer)
{
    return 1 - peer;
}

} // namespace

InvariantChecker::InvariantChecker(Seq initialSeq)
    : m_initialSeq(initialSeq)
{
}

InvariantChecker::SentPacket*
InvariantChecker::Find(int peer, Seq seq)
{
    uint32_t i = seq - m_initialSeq;
    if (i >= m_sent[peer].size() || !m_sent[peer][i].sent)
    {
        return nullptr;
    }
    return &m_sent[peer][i];
}

const InvariantChecker::SentPacket*
InvariantChecker::Find(int peer, Seq seq) const
{
    return const_cast<InvariantChecker*>(this)->Find(peer, seq);
}

void
InvariantChecker::Violation(const std::string& what)
{
    if (m_violations.size() < kMaxKeptViolations)
    {
        m_violations.push_back(what);
    }
    else
    {
        ++m_suppressed;
    }
}

bool
InvariantChecker::ValidPeer(int peer, const char* event)
{
    if (peer == 0 || peer == 1)
    {
        return true;
    }
    Violation(std::string("checker misuse: ") + event + " names peer " + std::to_string(peer) +
              " (peers are 0 and 1)");
    return false;
}

void
InvariantChecker::OnSend(int from, PacketKind kind, Seq seq, Seq re, const Bytes& data)
{
    if (!ValidPeer(from, "OnSend"))
    {
        return;
    }
    std::ostringstream v;
    if (!IsDataKind(kind))
    {
        v << "checker misuse: OnSend of an ack by peer " << from << " (re " << re
          << "); acks are not data packets";
        Violation(v.str());
        return;
    }
    std::vector<SentPacket>& sent = m_sent[from];
    uint32_t i = seq - m_initialSeq;
    if (i < sent.size() && sent[i].sent)
    {
        v << "invariant 1 (exactly-once): peer " << from << " sent seq " << seq
          << " twice (a seq names one packet)";
        Violation(v.str());
        return;
    }
    if (i > sent.size())
    {
        v << "invariant 3 (order): peer " << from << " sent seq " << seq << " but its next seq was "
          << Seq(m_initialSeq + sent.size()) << " (S1: seqs are consecutive)";
        Violation(v.str());
        if (i - sent.size() > kMaxSeqGap)
        {
            return;
        }
    }
    if (i >= sent.size())
    {
        sent.resize(size_t(i) + 1); // placeholders for any skipped seqs
    }
    SentPacket& p = sent[i];
    p.sent = true;
    p.kind = kind;
    p.re = IsReplyKind(kind) ? re : 0;
    p.data = data;
    ++m_sentCount[from];

    if (!IsReplyKind(kind))
    {
        return;
    }
    // A reply is `from`'s answer to the other peer's packet `re`.
    SentPacket* answered = Find(Other(from), re);
    if (answered == nullptr)
    {
        std::ostringstream w;
        w << "invariant 2 (topology): peer " << from << " sent reply seq " << seq
          << " answering seq " << re << ", which peer " << Other(from) << " never sent";
        Violation(w.str());
        return;
    }
    RecordAnswer(from, re, *answered, Answered::ByReply, seq);
}

void
InvariantChecker::RecordAnswer(int at, Seq seq, SentPacket& p, Answered how, Seq replySeq)
{
    std::ostringstream v;
    const char* with = how == Answered::ByAck ? "an ack" : "a reply";
    if (!p.delivered)
    {
        v << "invariant 2 (topology): peer " << at << " answered seq " << seq << " of peer " << Other(at)
          << " with " << with << " before delivering it";
        Violation(v.str());
        return;
    }
    if (p.answered != Answered::No)
    {
        v << "invariant 2 (topology): peer " << at << " answered seq " << seq << " of peer " << Other(at)
          << " twice (first with "
          << (p.answered == Answered::ByAck ? "an ack" : "reply seq " + std::to_string(p.answerSeq))
          << ", then with " << (how == Answered::ByAck ? "an ack" : "reply seq " + std::to_string(replySeq))
          << ")";
        Violation(v.str());
        return;
    }
    p.answered = how;
    p.answerSeq = replySeq;
    if (m_lock[at] && *m_lock[at] == seq)
    {
        m_lock[at].reset(); // R4: answering releases the seq_cst lock
    }
    if (how == Answered::ByAck && p.resolved == Resolved::ByAck)
    {
        ++m_completed;
    }
}

void
InvariantChecker::OnTransmit(int from, PacketKind kind, Seq seq, Seq re, const Bytes& data)
{
    if (!ValidPeer(from, "OnTransmit") || !IsDataKind(kind))
    {
        return;
    }
    const SentPacket* p = Find(from, seq);
    std::ostringstream v;
    if (p == nullptr)
    {
        v << "invariant 1 (exactly-once): peer " << from << " transmitted seq " << seq
          << ", a packet it never sent";
        Violation(v.str());
        return;
    }
    if (kind != p->kind || (IsReplyKind(kind) && re != p->re) || data != p->data)
    {
        v << "invariant 1 (exactly-once): peer " << from << " transmitted seq " << seq
          << " changed (S3: sent as " << Label(p->kind) << " with " << p->data.size()
          << " bytes, transmitted as " << Label(kind) << " with " << data.size() << " bytes)";
        Violation(v.str());
        return;
    }
    if (p->resolved != Resolved::No)
    {
        v << "S3 (retransmission): peer " << from << " transmitted seq " << seq
          << " after it was resolved";
        Violation(v.str());
    }
}

void
InvariantChecker::OnDeliver(int at, Seq seq, bool seqCst, const Bytes& data, std::optional<Seq> re)
{
    if (!ValidPeer(at, "OnDeliver"))
    {
        return;
    }
    int from = Other(at);
    SentPacket* p = Find(from, seq);
    std::ostringstream v;
    if (p == nullptr)
    {
        v << "invariant 1 (exactly-once): peer " << at << " delivered seq " << seq << ", which peer "
          << from << " never sent";
        Violation(v.str());
        return;
    }
    if (p->delivered)
    {
        v << "invariant 1 (exactly-once): peer " << at << " delivered seq " << seq << " of peer " << from
          << " twice";
        Violation(v.str());
        return;
    }
    p->delivered = true;
    ++m_deliveredCount[from];

    if (data != p->data)
    {
        std::ostringstream w;
        w << "invariant 1 (exactly-once): peer " << at << " delivered seq " << seq << " of peer " << from
          << " with changed data (" << p->data.size() << " bytes sent, " << data.size()
          << " delivered)";
        Violation(w.str());
    }
    if (seqCst != IsSeqCstKind(p->kind))
    {
        std::ostringstream w;
        w << "invariant 1 (exactly-once): peer " << at << " delivered seq " << seq << " of peer " << from
          << (seqCst ? " as seq_cst" : " as not seq_cst") << ", but it was sent as a "
          << Label(p->kind);
        Violation(w.str());
    }

    // Invariant 2: both sides agree on the packet a reply answers.
    if (IsReplyKind(p->kind) && !re)
    {
        std::ostringstream w;
        w << "invariant 2 (topology): peer " << at << " delivered reply seq " << seq << " of peer "
          << from << " as a payload, but it answers peer " << at << "'s seq " << p->re;
        Violation(w.str());
    }
    else if (!IsReplyKind(p->kind) && re)
    {
        std::ostringstream w;
        w << "invariant 2 (topology): peer " << at << " delivered payload seq " << seq << " of peer "
          << from << " as a reply to its seq " << *re;
        Violation(w.str());
    }
    else if (re && *re != p->re)
    {
        std::ostringstream w;
        w << "invariant 2 (topology): peer " << at << " delivered seq " << seq << " of peer " << from
          << " as a reply to its seq " << *re << ", but peer " << from << " sent it answering seq "
          << p->re;
        Violation(w.str());
    }
    else if (re)
    {
        SentPacket* mine = Find(at, *re);
        if (mine != nullptr) // when null, OnSend of the reply reported it
        {
            if (mine->resolved != Resolved::No)
            {
                std::ostringstream w;
                w << "invariant 2 (topology): peer " << at << "'s seq " << *re
                  << " was resolved twice (again by reply seq " << seq << ")";
                Violation(w.str());
            }
            else
            {
                mine->resolved = Resolved::ByReply;
                mine->resolvedBy = seq;
            }
        }
    }

    // Invariant 3: seq_cst after every lower seq of its sender, one at a time.
    uint32_t index = seq - m_initialSeq;
    if (IsSeqCstKind(p->kind))
    {
        if (m_deliveredPrefix[at] < index)
        {
            std::ostringstream w;
            w << "invariant 3 (order): peer " << at << " delivered seq_cst seq " << seq << " of peer "
              << from << " before seq " << Seq(m_initialSeq + m_deliveredPrefix[at]);
            Violation(w.str());
        }
        if (m_lock[at])
        {
            std::ostringstream w;
            w << "invariant 3 (order): peer " << at << " delivered seq_cst seq " << seq << " of peer "
              << from << " while seq_cst seq " << *m_lock[at] << " was unanswered (R4 lock)";
            Violation(w.str());
        }
        m_lock[at] = seq;
    }
    std::vector<SentPacket>& sent = m_sent[from];
    while (m_deliveredPrefix[at] < sent.size() && sent[m_deliveredPrefix[at]].delivered)
    {
        ++m_deliveredPrefix[at];
    }
}

void
InvariantChecker::OnAnswerAck(int at, Seq seq)
{
    if (!ValidPeer(at, "OnAnswerAck"))
    {
        return;
    }
    SentPacket* p = Find(Other(at), seq);
    if (p == nullptr)
    {
        std::ostringstream v;
        v << "invariant 2 (topology): peer " << at << " acked seq " << seq << ", which peer " << Other(at)
          << " never sent";
        Violation(v.str());
        return;
    }
    RecordAnswer(at, seq, *p, Answered::ByAck, 0);
}

void
InvariantChecker::OnResolvedByAck(int at, Seq mine)
{
    if (!ValidPeer(at, "OnResolvedByAck"))
    {
        return;
    }
    SentPacket* p = Find(at, mine);
    std::ostringstream v;
    if (p == nullptr)
    {
        v << "invariant 2 (topology): peer " << at << " saw its seq " << mine
          << " resolved by an ack, but it never sent that seq";
        Violation(v.str());
        return;
    }
    if (p->resolved != Resolved::No)
    {
        v << "invariant 2 (topology): peer " << at << "'s seq " << mine << " was resolved twice (by "
          << (p->resolved == Resolved::ByAck ? "an ack" : "reply seq " + std::to_string(p->resolvedBy))
          << ", then by an ack)";
        Violation(v.str());
        return;
    }
    if (p->answered == Answered::ByReply)
    {
        v << "invariant 2 (topology): peer " << at << "'s seq " << mine
          << " was resolved by an ack, but peer " << Other(at) << " answered it with reply seq "
          << p->answerSeq;
        Violation(v.str());
        return;
    }
    p->resolved = Resolved::ByAck;
    if (p->answered == Answered::ByAck)
    {
        ++m_completed;
    }
}

std::vector<std::string>
InvariantChecker::CheckSafety() const
{
    std::vector<std::string> out = m_violations;
    if (m_suppressed > 0)
    {
        out.push_back("... and " + std::to_string(m_suppressed) + " more violations");
    }
    return out;
}

std::vector<std::string>
InvariantChecker::CheckLiveness() const
{
    std::vector<std::string> out;
    uint64_t more = 0;
    auto add = [&](const std::string& s) {
        if (out.size() < kMaxKeptViolations)
        {
            out.push_back(s);
        }
        else
        {
            ++more;
        }
    };
    for (int peer = 0; peer < 2; ++peer)
    {
        int to = Other(peer);
        for (size_t i = 0; i < m_sent[peer].size(); ++i)
        {
            const SentPacket& p = m_sent[peer][i];
            if (!p.sent)
            {
                continue; // a skipped seq: CheckSafety reported it
            }
            Seq seq = m_initialSeq + Seq(i);
            std::ostringstream v;
            if (!p.delivered)
            {
                v << "invariant 4 (liveness): peer " << to << " never delivered seq " << seq << " of peer "
                  << peer;
                add(v.str());
            }
            else if (p.answered == Answered::No)
            {
                v << "invariant 4 (liveness): peer " << to << " never answered seq " << seq << " of peer "
                  << peer;
                add(v.str());
            }
            std::ostringstream w;
            if (p.resolved == Resolved::No)
            {
                w << "invariant 4 (liveness): peer " << peer << "'s seq " << seq << " was never resolved";
                add(w.str());
            }
            // Invariant 2: an exchange's closing Ack is seen by both sides.
            if (p.answered == Answered::ByAck && p.resolved != Resolved::ByAck)
            {
                std::ostringstream x;
                x << "invariant 2 (topology): peer " << to << " acked seq " << seq << " of peer " << peer
                  << ", but peer " << peer << " never saw that ack";
                add(x.str());
            }
            else if (p.resolved == Resolved::ByAck && p.answered != Answered::ByAck)
            {
                std::ostringstream x;
                x << "invariant 2 (topology): peer " << peer << "'s seq " << seq
                  << " was resolved by an ack that peer " << to << " never answered with";
                add(x.str());
            }
        }
    }
    if (more > 0)
    {
        out.push_back("... and " + std::to_string(more) + " more violations");
    }
    return out;
}

uint64_t
InvariantChecker::CompletedExchanges() const
{
    return m_completed;
}

uint64_t
InvariantChecker::SentCount(int peer) const
{
    return (peer == 0 || peer == 1) ? m_sentCount[peer] : 0;
}

uint64_t
InvariantChecker::DeliveredCount(int peer) const
{
    return (peer == 0 || peer == 1) ? m_deliveredCount[peer] : 0;
}

} // namespace seqex
