#include "seqex-reference-adapter.h"

#include "seqex-address-probe.h"

#include <variant>

namespace seqex
{
namespace conformance
{

ReferenceAdapter::ReferenceAdapter(Fault fault)
    : m_faults(fault)
{
}

ReferenceAdapter::~ReferenceAdapter()
{
    // Unanswered handles ack into an endpoint nobody drains any more; they
    // must go first either way.
    m_answers.clear();
}

std::vector<std::string>
ReferenceAdapter::Handle(std::string_view line)
{
    std::vector<std::string> out;
    CommandParse parse = ParseCommand(line);
    if (parse.unsupportedVerb)
    {
        out.push_back("err unsupported " + *parse.unsupportedVerb);
        return out;
    }
    if (!parse.command)
    {
        out.push_back("err " + parse.error);
        return out;
    }
    const Command& c = *parse.command;
    if (c.verb == Verb::Quit)
    {
        m_quit = true;
        out.push_back("ok");
        return out;
    }
    if (c.verb == Verb::Init && m_endpoint)
    {
        out.push_back("err bad init: already initialized (one instance per process)");
        return out;
    }
    if (c.verb != Verb::Init && !m_endpoint)
    {
        out.push_back(std::string("err no instance: ") + VerbName(c.verb) + " before init");
        return out;
    }
    if (m_lastT && c.t < *m_lastT)
    {
        out.push_back("err bad t: " + std::to_string(c.t) + " is before the previous command's " +
                      std::to_string(*m_lastT) + " (t never decreases)");
        return out;
    }
    m_lastT = c.t;
    switch (c.verb)
    {
    case Verb::Init:
        Init(c, out);
        break;
    case Verb::Send:
        Send(c, out);
        break;
    case Verb::Recv:
        Recv(c, out);
        break;
    case Verb::Reply:
        Reply(c, out);
        break;
    case Verb::Ack:
        AckCmd(c, out);
        break;
    case Verb::Tick:
        Tick(c, out);
        break;
    case Verb::Probe:
        Probe(out);
        break;
    case Verb::Quit:
        break;
    }
    return out;
}

void
ReferenceAdapter::Init(const Command& c, std::vector<std::string>& out)
{
    if (c.resendMs == 0)
    {
        out.push_back("err bad init: resend_ms must be > 0");
        return;
    }
    if (c.window == 0)
    {
        out.push_back("err bad init: window must be > 0");
        return;
    }
    Config config;
    config.resendIntervalMs = c.resendMs;
    config.initialSeq = c.seq0;
    config.window = c.window;
    std::string invalid = ValidateConfig(config);
    if (!invalid.empty())
    {
        out.push_back("err unsupported " + invalid);
        return;
    }
    m_faults.AdjustConfig(config);
    m_endpoint = std::make_unique<ByteEndpoint>(config);
    m_faults.Attach(*m_endpoint);
    std::string name = kReferenceName;
    if (m_faults.Which() != Fault::None)
    {
        name += std::string("+") + FaultName(m_faults.Which());
    }
    out.push_back("ok " + name);
}

void
ReferenceAdapter::Send(const Command& c, std::vector<std::string>& out)
{
    if (m_faults.RefuseSend(*m_endpoint, out))
    {
        return;
    }
    SendResult<Bytes> r = m_endpoint->Send(c.t, c.cst, c.data);
    if (!r.Ok())
    {
        if (!m_faults.OnWindowFull(*m_endpoint, out))
        {
            out.push_back("err full");
        }
        return;
    }
    Drain(c.verb, c.t, out);
    out.push_back("ok " + std::to_string(r.seq));
}

void
ReferenceAdapter::Recv(const Command& c, std::vector<std::string>& out)
{
    AdapterPacket p = c.packet;
    if (p.kind == PacketKind::Ack)
    {
        ReceiveStatus s =
            m_faults.NaiveUnsent(p.re, *m_endpoint) ? ReceiveStatus::AckIgnored : m_endpoint->ReceiveAck(c.t, p.re);
        m_faults.AfterReceiveAck(p.re, s, out);
    }
    else if (m_faults.BeforeReceiveData(p, *m_endpoint, out))
    {
        Seq seq = p.seq;
        ReceiveStatus s = m_endpoint->ReceiveData(c.t, p.kind, seq, p.re, std::move(p.data));
        p.seq = seq;
        m_faults.AfterReceiveData(p, s, out);
    }
    Drain(c.verb, c.t, out);
    out.push_back("ok");
}

void
ReferenceAdapter::Reply(const Command& c, std::vector<std::string>& out)
{
    auto it = m_answers.find(c.re);
    if (it == m_answers.end())
    {
        if (!m_faults.OnUnknownAnswer(c, *m_endpoint, out))
        {
            out.push_back("err unknown");
        }
        return;
    }
    if (m_faults.RefuseReply(*m_endpoint, out))
    {
        return;
    }
    Answer<Bytes, Bytes> answer = std::move(it->second);
    m_answers.erase(it);
    ReplyResult r = answer.Reply(c.t, c.cst, c.data);
    if (!r.Ok())
    {
        out.push_back("err unknown");
        return;
    }
    Drain(c.verb, c.t, out);
    out.push_back("ok " + std::to_string(r.seq));
}

void
ReferenceAdapter::AckCmd(const Command& c, std::vector<std::string>& out)
{
    auto it = m_answers.find(c.re);
    if (it == m_answers.end())
    {
        if (!m_faults.OnUnknownAnswer(c, *m_endpoint, out))
        {
            out.push_back("err unknown");
        }
        return;
    }
    Answer<Bytes, Bytes> answer = std::move(it->second);
    m_answers.erase(it);
    if (answer.Ack() != AnswerStatus::Ok)
    {
        out.push_back("err unknown");
        return;
    }
    Drain(c.verb, c.t, out);
    out.push_back("ok");
}

void
ReferenceAdapter::Tick(const Command& c, std::vector<std::string>& out)
{
    m_endpoint->Tick(c.t);
    Drain(c.verb, c.t, out);
    m_faults.OnTick(c.t, m_endpoint->GetResendInterval(), out);
    std::optional<TimeMs> next = m_faults.ShownTimer(m_endpoint->NextTimer(), c.t);
    if (next)
    {
        out.push_back("ok " + std::to_string(*next));
    }
    else
    {
        out.push_back("ok none");
    }
}

// The probe changes no state (doc/core.md), so it bypasses the fault layer
// and the core's queues: it is built from NextSeq() and shown at once.
void
ReferenceAdapter::Probe(std::vector<std::string>& out)
{
    OutgoingPacket<Bytes> probe = AddressProbe(*m_endpoint);
    out.push_back("tx " + FormatPacket(MakePacket(probe.kind, probe.seq, probe.re, Bytes{})));
    out.push_back("ok");
}

void
ReferenceAdapter::Drain(Verb verb, TimeMs now, std::vector<std::string>& out)
{
    while (std::optional<OutgoingPacket<Bytes>> p = m_endpoint->PollTransmit())
    {
        Bytes data = p->data != nullptr ? *p->data : Bytes{};
        AdapterPacket packet = MakePacket(p->kind, p->seq, p->re, std::move(data));
        if (std::optional<AdapterPacket> shown = m_faults.OnTransmit(verb, std::move(packet), p->retransmission, now))
        {
            out.push_back("tx " + FormatPacket(*shown));
        }
    }
    while (std::optional<Delivery<Bytes, Bytes>> d = m_endpoint->PollDelivery())
    {
        Event event;
        switch (KindOf(*d))
        {
        case DeliveryKind::Payload: {
            auto& pd = std::get<PayloadDelivery<Bytes, Bytes>>(*d);
            event = DeliverEvent(pd.seq, pd.seqCst, std::move(pd.data));
            m_answers.insert_or_assign(pd.seq, std::move(pd.answer));
            break;
        }
        case DeliveryKind::Reply: {
            auto& rd = std::get<ReplyDelivery<Bytes, Bytes>>(*d);
            event = DeliverEvent(rd.seq, rd.seqCst, std::move(rd.data), rd.re);
            m_answers.insert_or_assign(rd.seq, std::move(rd.answer));
            break;
        }
        case DeliveryKind::Acked:
            event = AckedEvent(std::get<AckedDelivery<Bytes>>(*d).re);
            break;
        }
        if (m_faults.OnDeliver(verb, event))
        {
            out.push_back(FormatEvent(event));
        }
    }
    m_faults.Flush(verb, out);
}

} // namespace conformance
} // namespace seqex
