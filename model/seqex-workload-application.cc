#include "seqex-workload-application.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iostream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SeqexWorkloadApplication");
NS_OBJECT_ENSURE_REGISTERED(SeqexWorkloadApplication);

namespace
{

// The workload's draws from the application's random variables.
class StreamDraws : public seqex::ExchangeDraws
{
  public:
    StreamDraws(Ptr<RandomVariableStream> length, Ptr<UniformRandomVariable> seqCst)
        : m_length(length),
          m_seqCst(seqCst)
    {
    }

    double Length() override
    {
        return m_length->GetValue();
    }

    double SeqCstUniform() override
    {
        return m_seqCst->GetValue();
    }

  private:
    Ptr<RandomVariableStream> m_length;
    Ptr<UniformRandomVariable> m_seqCst;
};

// A random-variable attribute's value from a string: the string must name
// a RandomVariableStream ("ns3::ExponentialRandomVariable[Mean=0.01]").
// Anything else ("10ms") is refused before ns-3 tries to build an object
// from it, so the attribute system reports the attribute by name.
class RandomVariableValue : public PointerValue
{
  public:
    Ptr<AttributeValue> Copy() const override
    {
        return Create<RandomVariableValue>(*this);
    }

    bool DeserializeFromString(std::string value, Ptr<const AttributeChecker> checker) override
    {
        std::string name = value.substr(0, value.find('['));
        TypeId tid;
        if (!TypeId::LookupByNameFailSafe(name, &tid) || !tid.IsChildOf(RandomVariableStream::GetTypeId()))
        {
            std::cerr << "\"" << value << "\" is not a random variable: give a RandomVariableStream, e.g. "
                      << "\"ns3::ConstantRandomVariable[Constant=0.01]\" or "
                      << "\"ns3::ExponentialRandomVariable[Mean=0.01]\" (seconds)\n";
            return false;
        }
        return PointerValue::DeserializeFromString(value, checker);
    }
};

// As ns-3's pointer checker for RandomVariableStream (spelled out: its
// name in ns3::internal differs between ns-3 releases), creating the value
// above.
class RandomVariableChecker : public PointerChecker
{
  public:
    bool Check(const AttributeValue& val) const override
    {
        const auto* value = dynamic_cast<const PointerValue*>(&val);
        return value != nullptr &&
               (!value->GetObject() || dynamic_cast<RandomVariableStream*>(PeekPointer(value->GetObject())));
    }

    std::string GetValueTypeName() const override
    {
        return "ns3::PointerValue";
    }

    bool HasUnderlyingTypeInformation() const override
    {
        return true;
    }

    std::string GetUnderlyingTypeInformation() const override
    {
        return "ns3::Ptr< ns3::RandomVariableStream >";
    }

    Ptr<AttributeValue> Create() const override
    {
        return ns3::Create<RandomVariableValue>();
    }

    bool Copy(const AttributeValue& source, AttributeValue& destination) const override
    {
        const auto* src = dynamic_cast<const PointerValue*>(&source);
        auto* dst = dynamic_cast<PointerValue*>(&destination);
        if (src == nullptr || dst == nullptr)
        {
            return false;
        }
        *dst = *src;
        return true;
    }

    TypeId GetPointeeTypeId() const override
    {
        return RandomVariableStream::GetTypeId();
    }
};

Ptr<const AttributeChecker>
MakeRandomVariableChecker()
{
    return Create<RandomVariableChecker>();
}

} // namespace

TypeId
SeqexWorkloadApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SeqexWorkloadApplication")
            .SetParent<Application>()
            .SetGroupName("Seqex")
            .AddAttribute("WorkloadStart",
                          "Absolute time the workload starts from, if later than the "
                          "application's start (so a transport can connect first): the first "
                          "open-loop start comes one StartInterval after it, saturating starts "
                          "at it.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&SeqexWorkloadApplication::m_workloadStart),
                          MakeTimeChecker())
            .AddAttribute("MaxExchanges",
                          "Exchanges this application originates. With a StartInterval, 0 means "
                          "unlimited; without one, this many, each generated when the transport "
                          "can take it at once (a saturating load), and 0 makes a pure responder.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SeqexWorkloadApplication::m_maxExchanges),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("StartInterval",
                          "A random variable (ns3::RandomVariableStream): seconds between two "
                          "exchange starts, the offered load; e.g. the string "
                          "\"ns3::ExponentialRandomVariable[Mean=0.01]\" for 100 exchanges/s. "
                          "Unset: no open-loop load.",
                          PointerValue(),
                          MakePointerAccessor(&SeqexWorkloadApplication::m_startInterval),
                          MakeRandomVariableChecker())
            .AddAttribute("ExchangeLength",
                          "A random variable: data packets per exchange (payload + replies, "
                          ">= 1), truncated to an integer; the last one is answered with the Ack.",
                          StringValue("ns3::ConstantRandomVariable[Constant=2]"),
                          MakePointerAccessor(&SeqexWorkloadApplication::m_exchangeLength),
                          MakeRandomVariableChecker())
            .AddAttribute("AnswerDelay",
                          "A random variable: seconds the application takes to answer a "
                          "delivery (>= 0).",
                          StringValue("ns3::ConstantRandomVariable[Constant=0]"),
                          MakePointerAccessor(&SeqexWorkloadApplication::m_answerDelay),
                          MakeRandomVariableChecker())
            .AddAttribute("PayloadSize",
                          "Bytes of application data in every payload and reply.",
                          UintegerValue(64),
                          MakeUintegerAccessor(&SeqexWorkloadApplication::m_payloadSize),
                          MakeUintegerChecker<uint32_t>(seqex::kExchangeNodeSize, seqex::kMaxDataSize))
            .AddAttribute("SeqCstFraction",
                          "Probability that an exchange's packets are seq_cst.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&SeqexWorkloadApplication::m_seqCstFraction),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddTraceSource("ExchangeStart",
                            "An own exchange's payload was first handed to the transport, "
                            "backlogWait after the workload generated it.",
                            MakeTraceSourceAccessor(&SeqexWorkloadApplication::m_exchangeStartTrace),
                            "ns3::SeqexWorkloadApplication::ExchangeStartTracedCallback")
            .AddTraceSource("ExchangeComplete",
                            "An own exchange ended; latency runs from when the workload "
                            "generated it; both that time and its first transmission are given.",
                            MakeTraceSourceAccessor(&SeqexWorkloadApplication::m_exchangeCompleteTrace),
                            "ns3::SeqexWorkloadApplication::ExchangeCompleteTracedCallback");
    return tid;
}

SeqexWorkloadApplication::SeqexWorkloadApplication()
    : m_seqCstDraw(CreateObject<UniformRandomVariable>())
{
}

SeqexWorkloadApplication::~SeqexWorkloadApplication() = default;

void
SeqexWorkloadApplication::DoDispose()
{
    m_generateEvent.Cancel();
    m_startInterval = nullptr;
    m_exchangeLength = nullptr;
    m_answerDelay = nullptr;
    m_seqCstDraw = nullptr;
    Application::DoDispose();
}

int64_t
SeqexWorkloadApplication::AssignStreams(int64_t stream)
{
    int64_t used = 0;
    for (auto rv : {m_startInterval, m_exchangeLength, m_answerDelay, Ptr<RandomVariableStream>(m_seqCstDraw)})
    {
        if (rv)
        {
            rv->SetStream(stream + used);
        }
        ++used; // an unset variable keeps its number, so the others never shift
    }
    return used;
}

const SeqexWorkloadCounters&
SeqexWorkloadApplication::GetWorkloadCounters() const
{
    return m_counters;
}

uint64_t
SeqexWorkloadApplication::GetOpenExchangeCount() const
{
    return m_workload ? m_workload->OpenCount() : 0;
}

const seqex::ExchangeWorkload&
SeqexWorkloadApplication::Workload() const
{
    NS_ABORT_MSG_UNLESS(m_workload, GetInstanceTypeId().GetName() << ": the workload has not started");
    return *m_workload;
}

void
SeqexWorkloadApplication::WorkloadError(const std::string& what) const
{
    NS_FATAL_ERROR(GetInstanceTypeId().GetName() << ": " << what);
}

void
SeqexWorkloadApplication::StartWorkload()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_workload, GetInstanceTypeId().GetName() << ": started twice");
    NS_ABORT_MSG_UNLESS(m_exchangeLength && m_answerDelay,
                        GetInstanceTypeId().GetName() << ": ExchangeLength and AnswerDelay must be set");
    seqex::WorkloadSettings s;
    s.maxExchanges = m_maxExchanges;
    s.openLoop = m_startInterval != nullptr;
    s.seqCstFraction = m_seqCstFraction;
    s.payloadSize = m_payloadSize;
    std::string problem = seqex::ValidateWorkloadSettings(s);
    if (!problem.empty())
    {
        WorkloadError(problem);
    }
    m_workload = std::make_unique<seqex::ExchangeWorkload>(s);
    Time until = std::max(m_workloadStart - Simulator::Now(), Time(0));
    if (s.openLoop)
    {
        ScheduleNextGeneration(until);
    }
    else if (m_maxExchanges > 0)
    {
        m_generateEvent = Simulator::Schedule(until, &SeqexWorkloadApplication::BeginSaturating, this);
    }
}

void
SeqexWorkloadApplication::StopWorkload()
{
    m_generateEvent.Cancel();
    m_saturating = false;
}

void
SeqexWorkloadApplication::ScheduleNextGeneration(Time after)
{
    if (!m_workload->MoreToGenerate())
    {
        return;
    }
    double gap = m_startInterval->GetValue();
    std::string problem = seqex::ExchangeWorkload::CheckStartGap(gap);
    if (!problem.empty())
    {
        WorkloadError(problem);
    }
    m_generateEvent = Simulator::Schedule(after + Seconds(gap), &SeqexWorkloadApplication::GenerateOpenLoop, this);
}

// Each variable has its own stream, so the order of the draws across
// variables does not matter; per exchange: length, then the seq_cst draw.
void
SeqexWorkloadApplication::GenerateOpenLoop()
{
    seqex::PendingExchange e = GenerateNow();
    ScheduleNextGeneration(Time(0));
    OfferExchange(e);
}

void
SeqexWorkloadApplication::BeginSaturating()
{
    m_saturating = true;
    SaturatingStarted();
}

bool
SeqexWorkloadApplication::TakesSaturating() const
{
    return m_saturating && m_workload->MoreToGenerate();
}

seqex::PendingExchange
SeqexWorkloadApplication::GenerateNow()
{
    StreamDraws draws(m_exchangeLength, m_seqCstDraw);
    seqex::ExchangeWorkload::Generated g = m_workload->Generate(draws, Simulator::Now().GetNanoSeconds());
    if (!g.error.empty())
    {
        WorkloadError(g.error);
    }
    ++m_counters.exchangesGenerated;
    NS_LOG_LOGIC("node " << GetNode()->GetId() << ": exchange " << g.exchange.id << " generated, length "
                         << g.exchange.length << (g.exchange.seqCst ? ", seq_cst" : ""));
    return g.exchange;
}

void
SeqexWorkloadApplication::NotifySent(uint16_t channel, uint64_t exchangeId)
{
    Time now = Simulator::Now();
    std::optional<int64_t> generated = m_workload->Sent(exchangeId, now.GetNanoSeconds());
    if (!generated)
    {
        return; // a restart, or not ours
    }
    ++m_counters.exchangesStarted;
    NS_LOG_LOGIC("node " << GetNode()->GetId() << " channel " << channel << ": exchange " << exchangeId
                         << " first sent");
    m_exchangeStartTrace(channel, exchangeId, now - NanoSeconds(*generated));
}

bool
SeqexWorkloadApplication::NotifyEnded(uint16_t channel, uint64_t exchangeId, uint32_t length)
{
    std::optional<seqex::CompletedExchange> c =
        m_workload->Complete(exchangeId, length, Simulator::Now().GetNanoSeconds());
    if (!c)
    {
        NS_LOG_WARN("node " << GetNode()->GetId() << ": exchange " << exchangeId
                            << " ended but was never started here");
        return false;
    }
    ++m_counters.exchangesCompleted;
    NS_LOG_LOGIC("node " << GetNode()->GetId() << " channel " << channel << ": exchange " << exchangeId
                         << " complete, " << length << " nodes, latency " << NanoSeconds(c->LatencyNs()).As(Time::MS));
    m_exchangeCompleteTrace(channel,
                            exchangeId,
                            NanoSeconds(c->LatencyNs()),
                            length,
                            NanoSeconds(c->generatedNs),
                            NanoSeconds(c->firstSentNs));
    return true;
}

Time
SeqexWorkloadApplication::DrawAnswerDelay()
{
    double delay = m_answerDelay->GetValue();
    std::string problem = seqex::ExchangeWorkload::CheckAnswerDelay(delay);
    if (!problem.empty())
    {
        WorkloadError(problem);
    }
    return Seconds(delay);
}

} // namespace ns3
