#include "seqex-adapter-faults.h"

#include <algorithm>

namespace seqex
{
namespace conformance
{

const std::vector<FaultInfo>&
AllFaults()
{
    // The last field: the id of the case written to catch the fault (the
    // self-check requires that case to fail, whichever case fails first).
    // A fault against a SHOULD (stale-timer) is caught when that case warns.
    static const std::vector<FaultInfo> faults = {
        {Fault::DuplicateDelivery,
         "duplicate-delivery",
         "a duplicate of a delivered packet is delivered again (R1)",
         "R5.dup-of-unanswered"},
        {Fault::NoReackOfDuplicates,
         "no-reack-of-duplicates",
         "a duplicate of an acked packet is dropped without sending Ack again (R5)",
         "R5.dup-of-acked"},
        {Fault::AckPendingDuplicates,
         "ack-pending-duplicates",
         "a duplicate of a delivered, unanswered packet is acked at once (R5)",
         "R5.dup-of-unanswered"},
        {Fault::UnorderedSeqCst,
         "unordered-seq-cst",
         "seq_cst packets are delivered as soon as they arrive (R4)",
         "R4.waits-for-lower"},
        {Fault::LockIgnored,
         "lock-ignored",
         "seq_cst packets keep their order but ignore the seq_cst lock (R4)",
         "R4.lock-holds-next"},
        {Fault::NoRetransmission, "no-retransmission", "unresolved packets are never sent again (S3)", "S3.once-after-interval"},
        {Fault::EarlyRetransmission,
         "early-retransmission",
         "unresolved packets are sent again after half the resend interval (S3)",
         "S3.not-before-interval"},
        {Fault::ChangedRetransmission,
         "changed-retransmission",
         "a retransmission carries one more byte of data (S3)",
         "S3.unchanged-every-kind"},
        {Fault::RetransmitResolved, "retransmit-resolved", "a resolved packet is sent once more (S3)", "S3.not-after-ack"},
        {Fault::NaiveWraparound,
         "naive-wraparound",
         "received seqs are compared as plain integers, so seqs past 2^32 look old (§2)",
         "sec2.delivery-across-wrap"},
        {Fault::ReplyWrongRe, "reply-wrong-re", "replies name the packet after the one they answer (R6)", "R6.our-reply-names-re"},
        {Fault::ReplyAsPayload,
         "reply-as-payload",
         "replies to our packets are delivered without their re (R6)",
         "R6.reply-linked"},
        {Fault::AckNeverSent, "ack-never-sent", "no Ack packet ever leaves the instance (R5, R8)", "R8.ack-sends-ack"},
        {Fault::PhantomAcked,
         "phantom-acked",
         "an Ack naming nothing in flight is reported as acked (R7)",
         "R7.ack-of-nothing"},
        {Fault::WindowIgnored,
         "window-ignored",
         "the instance uses four times the configured window (S4, R2)",
         "R2.window-ahead-dropped"},
        {Fault::DropWhenFull,
         "drop-when-full",
         "a send to a full window answers ok and silently drops the data (S4)",
         "S4.full-refuses"},
        {Fault::ReplyRefusedWhenFull,
         "reply-refused-when-full",
         "a reply is refused while the instance's own payloads fill the window (S5)",
         "S5.reply-never-refused"},
        {Fault::LazyDelivery,
         "lazy-delivery",
         "packets that become deliverable during ack/reply wait for the next recv (adapter protocol)",
         "R4.waits-for-seq-cst-and-lock"},
        {Fault::TickNone, "tick-none", "tick always answers \"ok none\" (adapter protocol)", "tick.no-later-than-due"},
        {Fault::OutOfOrderRedelivery,
         "out-of-order-redelivery",
         "a duplicate of a packet delivered ahead of a gap is delivered again while the gap is open (R1)",
         "R5.dup-of-out-of-order"},
        {Fault::UnknownAnswerAccepted,
         "unknown-answer-accepted",
         "ack and reply naming no delivery are accepted instead of err unknown (R8)",
         "R8.answer-to-nothing"},
        {Fault::ReplyToResolvedLinked,
         "reply-to-resolved-linked",
         "a reply naming our packet already resolved is delivered with re, as if it resolved it (R6)",
         "R6.reply-to-acked"},
        {Fault::InitialSeqIgnored, "initial-seq-ignored", "the first seq is 0 whatever init's seq0 says (S1)", "S1.initial-seq"},
        {Fault::ResendIntervalIgnored,
         "resend-interval-ignored",
         "retransmissions use the default 250 ms whatever init's resend_ms says (S3)",
         "S3.init-resend-interval"},
        {Fault::FarAheadAcked,
         "far-ahead-acked",
         "a packet a window or more ahead is taken for an old duplicate and acked (R2)",
         "R2.far-ahead-silent"},
        {Fault::SeqCstBeforeFiller,
         "seq-cst-before-filler",
         "a seq_cst packet released by a filled gap is delivered before the packets that filled it (R4)",
         "R4.filler-first"},
        {Fault::LockBlocksPlain,
         "lock-blocks-plain",
         "plain packets wait while the seq_cst lock is held (R3)",
         "R3.lock-spares-plain"},
        {Fault::DoubleAnswerAccepted,
         "double-answer-accepted",
         "a delivery already answered can be answered again (R8)",
         "R8.answer-twice"},
        {Fault::StaleTimer,
         "stale-timer",
         "tick keeps answering a timer once everything is resolved (adapter protocol)",
         "tick.none-when-resolved"},
        {Fault::RetransmissionGivesUp,
         "retransmission-gives-up",
         "a packet is retransmitted at most 4 times, then abandoned unresolved (S3, SPEC 7.4)",
         "sec7.net-blackhole"},
        {Fault::WaitingDuplicateQueued,
         "waiting-duplicate-queued",
         "a duplicate of a packet waiting for delivery is queued as well and delivered twice (R1)",
         "R5.dup-of-waiting"},
        {Fault::ReackUnderPendingReply,
         "reack-under-pending-reply",
         "a duplicate of a packet answered by a still unresolved reply is acked (R5)",
         "R5.dup-under-pending-reply"},
        {Fault::HighBitStripped,
         "high-bit-stripped",
         "delivered data loses the top bit of every byte, as a 7-bit text decoder would (SPEC 7.1)",
         "sec7.every-byte-value"},
        {Fault::AnswerBeforeDelivery,
         "answer-before-delivery",
         "a packet received but not yet delivered can be answered (R8)",
         "R8.answer-before-delivery"},
        {Fault::SharedTimer,
         "shared-timer",
         "one timer for all packets: when one is due, every unresolved packet is sent again (S3)",
         "S3.own-timer-per-packet"},
        {Fault::ReplyKeepsLock,
         "reply-keeps-lock",
         "a reply does not release the seq_cst lock; the next seq_cst delivery waits for an ack (R4)",
         "R4.reply-releases-lock"},
        {Fault::NaiveInFlightRange,
         "naive-in-flight-range",
         "whether a seq was sent is judged against the next seq as plain integers, so Acks and replies "
         "to packets sent before 2^32 resolve nothing after it (R7, R6, §2)",
         "sec2.resolution-across-wrap"},
        {Fault::SmallWindowUnserved,
         "small-window-unserved",
         "a window of 2 or less is accepted at init, yet every send is refused with err full, idle or not "
         "(SPEC 3)",
         "S6.smallest-window"},
        {Fault::RepliesDropped,
         "replies-dropped",
         "every reply from the peer is dropped before the core sees it, as if there were never room for it: "
         "both sides retransmit forever (R3, R6, SPEC 7.4)",
         "R6.reply-linked"},
        {Fault::NaiveSeqCstOrder,
         "naive-seq-cst-order",
         "seq_cst order compares seqs as plain integers, so a seq_cst packet past 2^32 skips the gap (R4, §2)",
         "sec2.seq-cst-across-wrap"},
    };
    return faults;
}

std::optional<Fault>
FaultFromName(std::string_view name)
{
    if (name == "none")
    {
        return Fault::None;
    }
    for (const FaultInfo& f : AllFaults())
    {
        if (name == f.name)
        {
            return f.fault;
        }
    }
    return std::nullopt;
}

const char*
FaultName(Fault fault)
{
    for (const FaultInfo& f : AllFaults())
    {
        if (f.fault == fault)
        {
            return f.name;
        }
    }
    return "none";
}

FaultLayer::FaultLayer(Fault fault)
    : m_fault(fault)
{
}

void
FaultLayer::AdjustConfig(Config& config) const
{
    if (m_fault == Fault::WindowIgnored)
    {
        config.window = std::min<uint64_t>(uint64_t(config.window) * 4, kMaxWindow);
    }
    if (m_fault == Fault::EarlyRetransmission)
    {
        config.resendIntervalMs = std::max<TimeMs>(1, config.resendIntervalMs / 2);
    }
    if (m_fault == Fault::InitialSeqIgnored)
    {
        config.initialSeq = 0;
    }
    if (m_fault == Fault::ResendIntervalIgnored)
    {
        config.resendIntervalMs = Config{}.resendIntervalMs;
    }
}

bool
FaultLayer::RefuseSend(const ByteEndpoint& ep, std::vector<std::string>& lines) const
{
    if (m_fault == Fault::SmallWindowUnserved && ep.GetWindow() <= 2)
    {
        lines.push_back("err full");
        return true;
    }
    return false;
}

bool
FaultLayer::BeforeReceiveData(AdapterPacket& packet, const ByteEndpoint& ep, std::vector<std::string>& lines)
{
    if (m_fault == Fault::RepliesDropped && IsReplyKind(packet.kind))
    {
        return false;
    }
    m_inDuplicate = false;
    m_duplicateSeq.reset();
    m_duplicateAcked = false;
    // Ahead of next_expected: if it is a duplicate, it was delivered while a gap was open.
    m_aheadOfGap = packet.seq != ep.NextExpected() && Seq(packet.seq - ep.NextExpected()) < ep.GetWindow();
    if (m_fault == Fault::ReplyToResolvedLinked && IsReplyKind(packet.kind))
    {
        m_replyRe[packet.seq] = packet.re;
    }
    if (IsReplyKind(packet.kind) && NaiveUnsent(packet.re, ep))
    {
        packet.re = ep.NextSeq(); // names nothing sent: delivered as a payload (R6)
    }
    bool cst = IsSeqCstKind(packet.kind);
    bool wrappedAhead = packet.seq < ep.NextExpected() && Seq(packet.seq - ep.NextExpected()) < ep.GetWindow();
    bool plain = m_fault == Fault::UnorderedSeqCst ||
                 (m_fault == Fault::LockIgnored && ep.SeqCstLockHeld() && packet.seq == ep.NextExpected()) ||
                 (m_fault == Fault::NaiveSeqCstOrder && wrappedAhead); // "not after the head": no wait
    if (cst && plain)
    {
        // The core then treats it as unordered; it is still shown as seq_cst.
        packet.kind = DataKind(IsReplyKind(packet.kind), false);
        m_printAsSeqCst.insert(packet.seq);
    }
    uint32_t ahead = packet.seq - ep.NextExpected();
    if (m_fault == Fault::FarAheadAcked && ahead >= ep.GetWindow() && ahead < (uint32_t(1) << 31))
    {
        lines.push_back("tx " + FormatPacket(AckPacket(packet.seq)));
        return false;
    }
    if (m_fault == Fault::NaiveWraparound)
    {
        if (packet.seq < ep.NextExpected() && ahead < ep.GetWindow())
        {
            // A seq that wrapped past 2^32 looks older than next_expected:
            // taken for a duplicate, acked and never delivered.
            lines.push_back("tx " + FormatPacket(AckPacket(packet.seq)));
            return false;
        }
    }
    return true;
}

void
FaultLayer::AfterReceiveData(const AdapterPacket& packet, ReceiveStatus status, std::vector<std::string>& lines)
{
    if (status == ReceiveStatus::Accepted && m_fault == Fault::AnswerBeforeDelivery)
    {
        m_received.insert(packet.seq);
    }
    if (status != ReceiveStatus::Duplicate)
    {
        return;
    }
    m_inDuplicate = true;
    m_duplicateSeq = packet.seq;
    if (m_fault == Fault::WaitingDuplicateQueued && m_everDelivered.count(packet.seq) == 0)
    {
        m_duplicateWaiting.insert(packet.seq);
    }
    if (m_fault == Fault::DuplicateDelivery || (m_fault == Fault::OutOfOrderRedelivery && m_aheadOfGap))
    {
        auto it = m_deliveredLines.find(packet.seq);
        if (it != m_deliveredLines.end())
        {
            lines.push_back(it->second);
        }
    }
}

void
FaultLayer::AfterReceiveAck(Seq re, ReceiveStatus status, std::vector<std::string>& lines)
{
    m_inDuplicate = false;
    if (m_fault == Fault::PhantomAcked && status == ReceiveStatus::AckIgnored)
    {
        lines.push_back(FormatEvent(AckedEvent(re)));
    }
}

std::optional<AdapterPacket>
FaultLayer::OnTransmit(Verb verb, AdapterPacket packet, bool retransmission, TimeMs now)
{
    bool ack = packet.kind == PacketKind::Ack;
    if (ack && m_fault == Fault::AckNeverSent)
    {
        return std::nullopt;
    }
    if (ack && verb == Verb::Recv && m_inDuplicate)
    {
        m_duplicateAcked = true;
        if (m_fault == Fault::NoReackOfDuplicates)
        {
            return std::nullopt;
        }
    }
    if (retransmission && m_fault == Fault::NoRetransmission)
    {
        return std::nullopt;
    }
    if (retransmission && m_fault == Fault::RetransmissionGivesUp && ++m_retransmissions[packet.seq] > 4)
    {
        return std::nullopt;
    }
    if (retransmission && m_fault == Fault::ChangedRetransmission)
    {
        packet.data.push_back(0x21);
    }
    if (IsReplyKind(packet.kind) && !retransmission && verb == Verb::Reply &&
        m_fault == Fault::ReackUnderPendingReply)
    {
        m_pendingReplies[packet.seq] = packet.re;
    }
    if (IsReplyKind(packet.kind) && m_fault == Fault::ReplyWrongRe)
    {
        packet.re += 1;
    }
    if (IsDataKind(packet.kind) && (m_fault == Fault::RetransmitResolved || m_fault == Fault::SharedTimer))
    {
        Sent& s = m_sent[packet.seq];
        s.packet = packet;
        s.lastSent = now;
    }
    if (retransmission && verb == Verb::Tick && m_fault == Fault::SharedTimer)
    {
        m_dueThisTick.insert(packet.seq);
    }
    return packet;
}

bool
FaultLayer::OnDeliver(Verb verb, Event& event)
{
    if (m_printAsSeqCst.erase(event.seq) > 0)
    {
        event.cst = true;
    }
    if (event.kind == EventKind::Acked)
    {
        NoteResolved(event.seq);
    }
    if (event.kind == EventKind::Deliver && !event.re && m_fault == Fault::ReplyToResolvedLinked)
    {
        auto it = m_replyRe.find(event.seq);
        if (it != m_replyRe.end() && m_resolvedMine.count(it->second) > 0)
        {
            event.re = it->second;
        }
    }
    if (event.kind == EventKind::Deliver)
    {
        m_replyRe.erase(event.seq);
    }
    if (event.kind == EventKind::Deliver && event.re)
    {
        NoteResolved(*event.re);
        if (m_fault == Fault::ReplyAsPayload)
        {
            event.re.reset();
        }
    }
    if (event.kind == EventKind::Deliver &&
        (m_fault == Fault::DuplicateDelivery || m_fault == Fault::OutOfOrderRedelivery))
    {
        m_deliveredLines[event.seq] = FormatEvent(event);
    }
    if (m_fault == Fault::LazyDelivery && event.kind == EventKind::Deliver &&
        (verb == Verb::Ack || verb == Verb::Reply))
    {
        m_heldDeliveries.push_back(FormatEvent(event));
        return false;
    }
    if (event.kind == EventKind::Deliver && m_fault == Fault::HighBitStripped)
    {
        for (uint8_t& b : event.data)
        {
            b &= 0x7f;
        }
    }
    if (event.kind == EventKind::Deliver &&
        (m_fault == Fault::DoubleAnswerAccepted || m_fault == Fault::WaitingDuplicateQueued ||
         m_fault == Fault::AnswerBeforeDelivery))
    {
        m_everDelivered.insert(event.seq);
        if (m_duplicateWaiting.erase(event.seq) > 0)
        {
            m_repeated.push_back(FormatEvent(event));
        }
    }
    // ReplyKeepsLock: a seq_cst delivery the reply's release let go, and any
    // after it, wait for an ack.
    bool cst = event.kind == EventKind::Deliver && event.cst;
    if (cst && m_fault == Fault::ReplyKeepsLock && (verb == Verb::Reply || !m_heldSeqCst.empty()))
    {
        m_heldSeqCst.push_back(FormatEvent(event));
        return false;
    }
    bool plain = event.kind == EventKind::Deliver && !event.cst;
    if (plain && ((m_fault == Fault::SeqCstBeforeFiller && verb == Verb::Recv) ||
                  (m_fault == Fault::LockBlocksPlain && m_ep != nullptr && m_ep->SeqCstLockHeld())))
    {
        m_heldPlain.push_back(FormatEvent(event));
        return false;
    }
    return true;
}

void
FaultLayer::Flush(Verb verb, std::vector<std::string>& lines)
{
    if (m_fault == Fault::AckPendingDuplicates && verb == Verb::Recv && m_inDuplicate && !m_duplicateAcked)
    {
        lines.push_back("tx " + FormatPacket(AckPacket(*m_duplicateSeq)));
    }
    if (m_fault == Fault::ReackUnderPendingReply && verb == Verb::Recv && m_inDuplicate && !m_duplicateAcked)
    {
        for (const auto& [reply, answered] : m_pendingReplies)
        {
            if (answered == *m_duplicateSeq)
            {
                lines.push_back("tx " + FormatPacket(AckPacket(answered)));
                break;
            }
        }
    }
    lines.insert(lines.end(), m_repeated.begin(), m_repeated.end());
    m_repeated.clear();
    m_inDuplicate = false;
    if (verb == Verb::Recv && !m_heldDeliveries.empty())
    {
        lines.insert(lines.end(), m_heldDeliveries.begin(), m_heldDeliveries.end());
        m_heldDeliveries.clear();
    }
    if (verb == Verb::Ack && !m_heldSeqCst.empty())
    {
        lines.insert(lines.end(), m_heldSeqCst.begin(), m_heldSeqCst.end());
        m_heldSeqCst.clear();
    }
    // SeqCstBeforeFiller: after this answer's other lines; LockBlocksPlain:
    // once the lock is free.
    bool release = m_fault == Fault::SeqCstBeforeFiller ||
                   (m_fault == Fault::LockBlocksPlain && m_ep != nullptr && !m_ep->SeqCstLockHeld());
    if (release && !m_heldPlain.empty())
    {
        lines.insert(lines.end(), m_heldPlain.begin(), m_heldPlain.end());
        m_heldPlain.clear();
    }
}

bool
FaultLayer::OnWindowFull(const ByteEndpoint& ep, std::vector<std::string>& lines) const
{
    if (m_fault != Fault::DropWhenFull)
    {
        return false;
    }
    lines.push_back("ok " + std::to_string(ep.NextSeq()));
    return true;
}

bool
FaultLayer::RefuseReply(const ByteEndpoint& ep, std::vector<std::string>& lines) const
{
    if (m_fault != Fault::ReplyRefusedWhenFull || ep.CanStartExchange())
    {
        return false;
    }
    lines.push_back("err unknown");
    return true;
}

bool
FaultLayer::OnUnknownAnswer(const Command& c, const ByteEndpoint& ep, std::vector<std::string>& lines) const
{
    bool answeredBefore = m_fault == Fault::DoubleAnswerAccepted && m_everDelivered.count(c.re) > 0;
    bool waiting = m_fault == Fault::AnswerBeforeDelivery && m_received.count(c.re) > 0 &&
                   m_everDelivered.count(c.re) == 0;
    if (m_fault != Fault::UnknownAnswerAccepted && !answeredBefore && !waiting)
    {
        return false;
    }
    if (c.verb == Verb::Ack)
    {
        lines.push_back("tx " + FormatPacket(AckPacket(c.re)));
        lines.push_back("ok");
    }
    else
    {
        lines.push_back("ok " + std::to_string(ep.NextSeq()));
    }
    return true;
}

void
FaultLayer::NoteResolved(Seq mine)
{
    if (m_fault == Fault::ReplyToResolvedLinked)
    {
        m_resolvedMine.insert(mine);
    }
    m_pendingReplies.erase(mine);
    auto it = m_sent.find(mine);
    if (it != m_sent.end())
    {
        it->second.resolved = true;
        if (m_fault == Fault::SharedTimer)
        {
            m_sent.erase(it); // never sent again: nothing to keep
        }
    }
}

void
FaultLayer::OnTick(TimeMs now, TimeMs resendMs, std::vector<std::string>& lines)
{
    if (m_fault == Fault::SharedTimer)
    {
        // The one timer fired if anything was due: everything goes again.
        for (auto& [seq, s] : m_sent)
        {
            if (!m_dueThisTick.empty() && m_dueThisTick.count(seq) == 0 && !s.resolved)
            {
                lines.push_back("tx " + FormatPacket(s.packet));
                s.lastSent = now;
            }
        }
        m_dueThisTick.clear();
        return;
    }
    if (m_fault != Fault::RetransmitResolved)
    {
        return;
    }
    for (auto it = m_sent.begin(); it != m_sent.end();)
    {
        Sent& s = it->second;
        if (s.resolved && now - s.lastSent >= resendMs)
        {
            lines.push_back("tx " + FormatPacket(s.packet));
            it = m_sent.erase(it); // once: enough to be wrong, bounded traffic
            continue;
        }
        ++it;
    }
}

std::optional<TimeMs>
FaultLayer::ShownTimer(std::optional<TimeMs> next, TimeMs now)
{
    if (m_fault == Fault::TickNone)
    {
        return std::nullopt;
    }
    if (m_fault == Fault::StaleTimer)
    {
        // A timer that is never cancelled: it keeps firing, idle.
        m_hadTimer = m_hadTimer || next.has_value();
        if (!next && m_hadTimer && m_ep != nullptr)
        {
            return now + m_ep->GetResendInterval();
        }
    }
    return next;
}

} // namespace conformance
} // namespace seqex
