#include "seqex-impaired-channel.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SeqexImpairedChannel");
NS_OBJECT_ENSURE_REGISTERED(SeqexImpairedChannel);

namespace
{

bool
IsProbability(double p)
{
    return p >= 0.0 && p <= 1.0; // false for NaN too
}

} // namespace

std::string
ValidateImpairment(const SeqexLinkImpairment& imp)
{
    struct Field
    {
        const char* name;
        double value;
    };
    const Field probabilities[] = {{"loss", imp.loss},
                                   {"geP", imp.geP},
                                   {"geR", imp.geR},
                                   {"geBadLoss", imp.geBadLoss},
                                   {"geGoodLoss", imp.geGoodLoss},
                                   {"duplicate", imp.duplicate},
                                   {"reorder", imp.reorder}};
    for (const Field& f : probabilities)
    {
        if (!IsProbability(f.value))
        {
            std::ostringstream os;
            os << f.name << " must be a probability in [0, 1] (got " << f.value << ")";
            return os.str();
        }
    }
    if (imp.geP > 0.0 && imp.geR == 0.0)
    {
        return "geR must be > 0 when geP > 0 (the bad state would never end)";
    }
    if (imp.reorderDelay.IsStrictlyNegative())
    {
        return "reorderDelay must be >= 0 (got " + std::to_string(imp.reorderDelay.GetSeconds()) + " s)";
    }
    if (imp.jitter.IsStrictlyNegative())
    {
        return "jitter must be >= 0 (got " + std::to_string(imp.jitter.GetSeconds()) + " s)";
    }
    return {};
}

const char*
SeqexDropReasonName(SeqexDropReason r)
{
    switch (r)
    {
    case SeqexDropReason::Loss:
        return "loss";
    case SeqexDropReason::BurstLoss:
        return "burst-loss";
    case SeqexDropReason::Blackhole:
        return "blackhole";
    case SeqexDropReason::LinkDown:
        return "link-down";
    }
    return "?";
}

TypeId
SeqexImpairedChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SeqexImpairedChannel")
            .SetParent<PointToPointChannel>()
            .SetGroupName("Seqex")
            .AddConstructor<SeqexImpairedChannel>()
            .AddTraceSource("Drop",
                            "A packet the channel dropped, its direction and why.",
                            MakeTraceSourceAccessor(&SeqexImpairedChannel::m_dropTrace),
                            "ns3::SeqexImpairedChannel::DropTracedCallback");
    return tid;
}

SeqexImpairedChannel::SeqexImpairedChannel()
    : m_impairStart(Seconds(0)),
      m_impairStop(Time::Max())
{
    for (Direction& d : m_dir)
    {
        d.lossRv = CreateObject<UniformRandomVariable>();
        d.geRv = CreateObject<UniformRandomVariable>();
        d.dupRv = CreateObject<UniformRandomVariable>();
        d.reorderRv = CreateObject<UniformRandomVariable>();
        d.jitterRv = CreateObject<UniformRandomVariable>();
    }
}

void
SeqexImpairedChannel::SetImpairment(uint32_t direction, const SeqexLinkImpairment& imp)
{
    NS_ABORT_MSG_UNLESS(direction < 2, "direction must be 0 or 1");
    std::string error = ValidateImpairment(imp);
    NS_ABORT_MSG_UNLESS(error.empty(), "SeqexImpairedChannel: " << error);
    m_dir[direction].imp = imp;
}

void
SeqexImpairedChannel::SetImpairment(const SeqexLinkImpairment& imp)
{
    SetImpairment(0, imp);
    SetImpairment(1, imp);
}

const SeqexLinkImpairment&
SeqexImpairedChannel::GetImpairment(uint32_t direction) const
{
    return m_dir[direction].imp;
}

void
SeqexImpairedChannel::SetImpairmentWindow(Time start, Time stop)
{
    m_impairStart = start;
    m_impairStop = stop;
}

void
SeqexImpairedChannel::AddBlackhole(Time start, Time stop, bool direction0, bool direction1)
{
    m_blackholes.push_back({start, stop, {direction0, direction1}});
}

void
SeqexImpairedChannel::AddLinkDown(Time start, Time stop)
{
    NS_ABORT_MSG_UNLESS(start <= stop, "link outage ends before it starts");
    Simulator::Schedule(start - Simulator::Now(), &SeqexImpairedChannel::GoDown, this);
    Simulator::Schedule(stop - Simulator::Now(), &SeqexImpairedChannel::GoUp, this);
}

bool
SeqexImpairedChannel::IsLinkDown() const
{
    return m_downCount > 0;
}

const SeqexChannelCounters&
SeqexImpairedChannel::GetCounters(uint32_t direction) const
{
    return m_dir[direction].counters;
}

int64_t
SeqexImpairedChannel::AssignStreams(int64_t stream)
{
    int64_t next = stream;
    for (Direction& d : m_dir)
    {
        d.lossRv->SetStream(next++);
        d.geRv->SetStream(next++);
        d.dupRv->SetStream(next++);
        d.reorderRv->SetStream(next++);
        d.jitterRv->SetStream(next++);
    }
    return next - stream;
}

bool
SeqexImpairedChannel::Impairing() const
{
    Time now = Simulator::Now();
    return now >= m_impairStart && now < m_impairStop;
}

bool
SeqexImpairedChannel::InBlackhole(uint32_t direction) const
{
    Time now = Simulator::Now();
    return std::any_of(m_blackholes.begin(), m_blackholes.end(), [&](const Period& b) {
        return b.direction[direction] && now >= b.start && now < b.stop;
    });
}

bool
SeqexImpairedChannel::DrawLoss(Direction& d, SeqexDropReason& reason)
{
    if (d.imp.loss > 0.0 && d.lossRv->GetValue() < d.imp.loss)
    {
        reason = SeqexDropReason::Loss;
        return true;
    }
    if (d.imp.geP > 0.0)
    {
        double step = d.geRv->GetValue();
        d.geBad = d.geBad ? step >= d.imp.geR : step < d.imp.geP;
        double p = d.geBad ? d.imp.geBadLoss : d.imp.geGoodLoss;
        if (p > 0.0 && d.geRv->GetValue() < p)
        {
            reason = SeqexDropReason::BurstLoss;
            return true;
        }
    }
    return false;
}

void
SeqexImpairedChannel::Drop(Ptr<const Packet> p, uint32_t direction, SeqexDropReason reason)
{
    SeqexChannelCounters& c = m_dir[direction].counters;
    switch (reason)
    {
    case SeqexDropReason::Loss:
        ++c.lost;
        break;
    case SeqexDropReason::BurstLoss:
        ++c.burstLost;
        break;
    case SeqexDropReason::Blackhole:
        ++c.blackholed;
        break;
    case SeqexDropReason::LinkDown:
        ++c.linkDownDropped;
        break;
    }
    NS_LOG_LOGIC("drop " << SeqexDropReasonName(reason) << " dir " << direction << " uid "
                         << p->GetUid());
    m_dropTrace(p, direction, reason);
}

bool
SeqexImpairedChannel::TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime)
{
    NS_ASSERT(IsInitialized());
    uint32_t wire = src == GetSource(0) ? 0 : 1;
    Direction& d = m_dir[wire];
    ++d.counters.txPackets;
    d.counters.txBytes += p->GetSize();

    // Timed impairments first; their drops take no random draw, so a
    // blackhole does not shift the loss pattern of the packets after it.
    if (IsLinkDown())
    {
        Drop(p, wire, SeqexDropReason::LinkDown);
        return true;
    }
    if (InBlackhole(wire))
    {
        Drop(p, wire, SeqexDropReason::Blackhole);
        return true;
    }

    Time arrival = Simulator::Now() + txTime + GetDelay();
    bool duplicate = false;
    if (Impairing())
    {
        SeqexDropReason reason;
        if (DrawLoss(d, reason))
        {
            Drop(p, wire, reason);
            return true;
        }
        if (d.imp.jitter.IsStrictlyPositive())
        {
            arrival += d.imp.jitter * d.jitterRv->GetValue();
        }
        duplicate = d.imp.duplicate > 0.0 && d.dupRv->GetValue() < d.imp.duplicate;
    }
    // FIFO across jitter: a packet never arrives before the one sent before it.
    arrival = std::max(arrival, d.lastArrival);
    d.lastArrival = arrival;
    if (Impairing() && d.imp.reorder > 0.0 && d.reorderRv->GetValue() < d.imp.reorder)
    {
        arrival += d.imp.reorderDelay; // held back; lastArrival is not moved
        ++d.counters.reordered;
    }

    uint32_t node = GetDestination(wire)->GetNode()->GetId();
    Time after = arrival - Simulator::Now();
    Simulator::ScheduleWithContext(node, after, &SeqexImpairedChannel::Deliver, this, wire, p->Copy(), m_epoch);
    if (duplicate)
    {
        ++d.counters.duplicated;
        Simulator::ScheduleWithContext(node, after, &SeqexImpairedChannel::Deliver, this, wire, p->Copy(), m_epoch);
    }
    return true;
}

void
SeqexImpairedChannel::Deliver(uint32_t direction, Ptr<Packet> p, uint64_t epoch)
{
    if (epoch != m_epoch || IsLinkDown())
    {
        Drop(p, direction, SeqexDropReason::LinkDown); // caught on the wire by an outage
        return;
    }
    ++m_dir[direction].counters.delivered;
    GetDestination(direction)->Receive(p);
}

void
SeqexImpairedChannel::GoDown()
{
    if (m_downCount++ == 0)
    {
        NS_LOG_INFO("link down at " << Simulator::Now().As(Time::S));
        ++m_epoch;
    }
}

void
SeqexImpairedChannel::GoUp()
{
    NS_ASSERT(m_downCount > 0);
    if (--m_downCount == 0)
    {
        NS_LOG_INFO("link up at " << Simulator::Now().As(Time::S));
    }
}

} // namespace ns3
