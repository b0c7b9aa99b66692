#include "seqex-application.h"

#include "ns3/attribute-accessor-helper.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SeqexApplication");
NS_OBJECT_ENSURE_REGISTERED(SeqexApplication);

namespace
{

// The application's own attribute `name` is its transport's.
class TransportAttributeAccessor : public AttributeAccessor
{
  public:
    explicit TransportAttributeAccessor(std::string name)
        : m_name(std::move(name))
    {
    }

    bool Set(ObjectBase* object, const AttributeValue& value) const override
    {
        auto* app = dynamic_cast<SeqexApplication*>(object);
        return app != nullptr && app->GetTransport()->SetAttributeFailSafe(m_name, value);
    }

    bool Get(const ObjectBase* object, AttributeValue& value) const override
    {
        auto* app = dynamic_cast<const SeqexApplication*>(object);
        return app != nullptr && app->GetTransport()->GetAttributeFailSafe(m_name, value);
    }

    bool HasGetter() const override
    {
        return true;
    }

    bool HasSetter() const override
    {
        return true;
    }

  private:
    std::string m_name;
};

// The application's own trace source `name` is its transport's.
class TransportTraceSourceAccessor : public TraceSourceAccessor
{
  public:
    explicit TransportTraceSourceAccessor(std::string name)
        : m_name(std::move(name))
    {
    }

    bool ConnectWithoutContext(ObjectBase* object, const CallbackBase& cb) const override
    {
        auto* app = dynamic_cast<SeqexApplication*>(object);
        return app != nullptr && app->GetTransport()->TraceConnectWithoutContext(m_name, cb);
    }

    bool Connect(ObjectBase* object, std::string context, const CallbackBase& cb) const override
    {
        auto* app = dynamic_cast<SeqexApplication*>(object);
        return app != nullptr && app->GetTransport()->TraceConnect(m_name, context, cb);
    }

    bool DisconnectWithoutContext(ObjectBase* object, const CallbackBase& cb) const override
    {
        auto* app = dynamic_cast<SeqexApplication*>(object);
        return app != nullptr && app->GetTransport()->TraceDisconnectWithoutContext(m_name, cb);
    }

    bool Disconnect(ObjectBase* object, std::string context, const CallbackBase& cb) const override
    {
        auto* app = dynamic_cast<SeqexApplication*>(object);
        return app != nullptr && app->GetTransport()->TraceDisconnect(m_name, context, cb);
    }

  private:
    std::string m_name;
};

// Every attribute and trace source of SeqexTransport, as the application's.
TypeId
WithTransportAttributes(TypeId tid)
{
    TypeId transport = SeqexTransport::GetTypeId();
    for (std::size_t i = 0; i < transport.GetAttributeN(); ++i)
    {
        TypeId::AttributeInformation a = transport.GetAttribute(i);
        tid.AddAttribute(a.name,
                         a.help + " (of the application's SeqexTransport)",
                         a.flags,
                         *a.initialValue,
                         Create<TransportAttributeAccessor>(a.name),
                         a.checker);
    }
    for (std::size_t i = 0; i < transport.GetTraceSourceN(); ++i)
    {
        TypeId::TraceSourceInformation t = transport.GetTraceSource(i);
        tid.AddTraceSource(t.name,
                           t.help + " (of the application's SeqexTransport)",
                           Create<TransportTraceSourceAccessor>(t.name),
                           t.callback);
    }
    return tid;
}

} // namespace

TypeId
SeqexApplication::GetTypeId()
{
    static TypeId tid = WithTransportAttributes(
        TypeId("ns3::SeqexApplication")
            .SetParent<SeqexWorkloadApplication>()
            .SetGroupName("Seqex")
            .AddConstructor<SeqexApplication>()
            .AddAttribute("BacklogLimit",
                          "Exchange starts that may wait for window room; beyond it a start "
                          "is refused (BacklogOverflow).",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&SeqexApplication::m_backlogLimit),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("WindowFull",
                            "An exchange start found no room and waits in the backlog.",
                            MakeTraceSourceAccessor(&SeqexApplication::m_windowFullTrace),
                            "ns3::SeqexApplication::WindowFullTracedCallback")
            .AddTraceSource("BacklogOverflow",
                            "An exchange start was refused: the backlog was full.",
                            MakeTraceSourceAccessor(&SeqexApplication::m_backlogOverflowTrace),
                            "ns3::SeqexApplication::BacklogOverflowTracedCallback"));
    return tid;
}

SeqexApplication::SeqexApplication()
    : m_transport(CreateObject<SeqexTransport>())
{
    NS_LOG_FUNCTION(this);
}

SeqexApplication::~SeqexApplication()
{
    NS_LOG_FUNCTION(this);
}

void
SeqexApplication::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_transport->Dispose(); // acks every held message, sends nothing more
    m_held.clear();
    m_backlog.clear();
    SeqexWorkloadApplication::DoDispose();
}

Ptr<SeqexTransport>
SeqexApplication::GetTransport() const
{
    return m_transport;
}

// ---- lifecycle ---------------------------------------------------------------

void
SeqexApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_transport->SetRecvCallback(MakeCallback(&SeqexApplication::OnMessage, this));
    m_transport->SetAckedCallback(MakeCallback(&SeqexApplication::OnAcked, this));
    m_transport->SetSendCallback(MakeCallback(&SeqexApplication::AdmitWaiting, this));
    m_transport->Start(GetNode());
    StartWorkload();
}

void
SeqexApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    StopWorkload();
    for (auto& [key, held] : m_held)
    {
        held.event.Cancel(); // the messages stay, unanswered, for inspection
    }
    m_transport->Stop();
}

void
SeqexApplication::ResetTransport(uint16_t newLocalPort)
{
    m_transport->ResetTransport(newLocalPort);
}

void
SeqexApplication::ScheduleTransportReset(Time delay, uint16_t newLocalPort, Time downtime)
{
    m_transport->ScheduleTransportReset(delay, newLocalPort, downtime);
}

// ---- workload over the message API ------------------------------------------------

// An open-loop arrival: sent on its round-robin channel when that has room,
// otherwise queued behind earlier waiting starts (FIFO).
void
SeqexApplication::OfferExchange(const seqex::PendingExchange& exchange)
{
    uint16_t channel = m_nextChannel;
    m_nextChannel = static_cast<uint16_t>((channel + 1) % m_transport->GetChannelCount());
    if (m_backlog.empty() && m_transport->CanSend(channel))
    {
        StartExchange(channel, exchange);
    }
    else if (m_backlog.size() < m_backlogLimit)
    {
        ++m_counters.exchangesDeferred;
        NS_LOG_LOGIC("node " << GetNode()->GetId() << ": exchange " << exchange.id
                             << " waits for window room (backlog " << m_backlog.size() + 1 << ")");
        m_windowFullTrace(channel, exchange.id);
        m_backlog.push_back(exchange);
    }
    else
    {
        ++m_counters.backlogOverflows;
        NS_LOG_WARN("node " << GetNode()->GetId() << ": exchange " << exchange.id << " refused: backlog full");
        m_backlogOverflowTrace(exchange.id);
    }
}

// Saturating: exchanges are generated as windows have room (AdmitWaiting).
void
SeqexApplication::SaturatingStarted()
{
    m_transport->ServiceNow(); // its send callback admits the first windows' worth in one pass
}

// Round-robin from the channel after the last one used, skipping full ones.
std::optional<uint16_t>
SeqexApplication::ChannelWithRoom()
{
    uint16_t n = m_transport->GetChannelCount();
    for (uint16_t k = 0; k < n; ++k)
    {
        uint16_t c = static_cast<uint16_t>((m_nextChannel + k) % n);
        if (m_transport->CanSend(c))
        {
            m_nextChannel = static_cast<uint16_t>((c + 1) % n);
            return c;
        }
    }
    return std::nullopt;
}

void
SeqexApplication::AdmitWaiting(Ptr<SeqexTransport>)
{
    while (!m_backlog.empty())
    {
        auto channel = ChannelWithRoom();
        if (!channel)
        {
            return;
        }
        seqex::PendingExchange e = m_backlog.front();
        m_backlog.pop_front();
        StartExchange(*channel, e);
    }
    while (TakesSaturating())
    {
        auto channel = ChannelWithRoom();
        if (!channel)
        {
            return;
        }
        StartExchange(*channel, GenerateNow());
    }
}

void
SeqexApplication::StartExchange(uint16_t channel, const seqex::PendingExchange& exchange)
{
    SeqexSendResult sent = m_transport->Send(channel, Workload().FirstNode(exchange), exchange.seqCst);
    // Callers check CanSend first, so a refusal here is a bug.
    NS_ABORT_MSG_UNLESS(sent.Ok(),
                        "SeqexApplication: Send refused after CanSend: " << SeqexSendStatusName(sent.status));
    NotifySent(channel, exchange.id);
}

void
SeqexApplication::OnMessage(Ptr<SeqexMessage> message)
{
    Time delay = DrawAnswerDelay();
    if (delay.IsZero())
    {
        Answer(message); // inside the transport's service pass: its loop sends the answer
        return;
    }
    auto key = std::make_pair(message->GetChannel(), message->GetSeq());
    HeldAnswer& held = m_held[key];
    held.message = message;
    held.event = Simulator::Schedule(delay, &SeqexApplication::AnswerHeld, this, key.first, key.second);
}

void
SeqexApplication::AnswerHeld(uint16_t channel, uint32_t seq)
{
    auto it = m_held.find(std::make_pair(channel, seq));
    if (it == m_held.end() || !m_transport->IsRunning())
    {
        return;
    }
    Ptr<SeqexMessage> message = it->second.message;
    m_held.erase(it);
    Answer(message);
}

// The workload's answer rule (seqex::ExchangeWorkload::Decide): reply with
// the next node unless this node is the exchange's last, which gets the Ack.
// Data we cannot read is acked.
void
SeqexApplication::Answer(Ptr<SeqexMessage> message)
{
    seqex::AnswerDecision decision = Workload().Decide(message->GetData());
    if (decision.reply)
    {
        SeqexAnswerStatus s = message->Reply(Workload().Encode(decision.next), decision.next.seqCst);
        NS_ABORT_MSG_UNLESS(s == SeqexAnswerStatus::Ok,
                            "SeqexApplication: reply to seq " << message->GetSeq()
                                                              << " failed: " << SeqexAnswerStatusName(s));
        return;
    }
    SeqexAnswerStatus s = message->Ack();
    NS_ABORT_MSG_UNLESS(s == SeqexAnswerStatus::Ok,
                        "SeqexApplication: ack of seq " << message->GetSeq() << " failed: " << SeqexAnswerStatusName(s));
    if (!decision.readable)
    {
        ++m_counters.badAppData;
    }
    else if (decision.endsOwnExchange)
    {
        CompleteExchange(message->GetChannel(), decision.delivered.exchangeId, decision.delivered.index + 1u);
    }
}

void
SeqexApplication::OnAcked(uint16_t channel, uint32_t, const seqex::Bytes& sent)
{
    if (std::optional<seqex::ExchangeNode> node = Workload().EndedByAck(sent))
    {
        CompleteExchange(channel, node->exchangeId, node->index + 1u);
    }
}

void
SeqexApplication::CompleteExchange(uint16_t channel, uint64_t exchangeId, uint32_t length)
{
    if (!NotifyEnded(channel, exchangeId, length))
    {
        // A node claiming to end an exchange we never started: the peer's
        // data is not our workload's.
        ++m_counters.badAppData;
    }
}

// ---- state -----------------------------------------------------------------------

uint16_t
SeqexApplication::GetChannelCount() const
{
    return m_transport->GetChannelCount();
}

const SeqexApplication::Endpoint&
SeqexApplication::GetEndpoint(uint16_t channel) const
{
    return m_transport->GetEndpoint(channel);
}

const seqex::Counters&
SeqexApplication::GetCounters(uint16_t channel) const
{
    return m_transport->GetCounters(channel);
}

seqex::Counters
SeqexApplication::GetTotalCounters() const
{
    return m_transport->GetTotalCounters();
}

SeqexAppCounters
SeqexApplication::GetAppCounters() const
{
    SeqexAppCounters c = m_counters;
    c.exchangesStarted = GetWorkloadCounters().exchangesStarted;
    c.exchangesCompleted = GetWorkloadCounters().exchangesCompleted;
    c.transport = m_transport->GetTransportCounters();
    return c;
}

bool
SeqexApplication::IsIdle() const
{
    return m_transport->IsIdle() && m_held.empty() && m_backlog.empty() && !TakesSaturating();
}

uint16_t
SeqexApplication::GetLocalPort() const
{
    return m_transport->GetLocalPort();
}

Address
SeqexApplication::GetPeerAddress() const
{
    return m_transport->GetPeerAddress();
}

uint32_t
SeqexApplication::GetBacklogSize() const
{
    return static_cast<uint32_t>(m_backlog.size());
}

uint32_t
SeqexApplication::GetHeldAnswerCount() const
{
    return static_cast<uint32_t>(m_held.size());
}

void
SeqexApplication::SetResendInterval(Time interval)
{
    m_transport->SetResendInterval(interval);
}

Time
SeqexApplication::GetResendInterval() const
{
    return m_transport->GetResendInterval();
}

} // namespace ns3
