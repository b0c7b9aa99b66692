// The bulk workload over the TCP baseline: node 0 keeps every connection's
// send buffer full for the whole traffic period, node 1 reads and counts.
// The same TCP as the exchange baseline (ConfigureSeqexTcp, SeqexTcpSocket),
// so the model checks of doc/tcp-baseline.md validate that TCP.
#include "seqex-run-transport.h"
#include "seqex-tcp-config.h"
#include "seqex-tcp-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/seqex-lambda-callback.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

#include <algorithm>
#include <map>

namespace ns3
{

namespace
{

const uint16_t kBulkPort = 9101;

class SeqexRunTcpBulk : public SeqexRunTransport
{
  public:
    SeqexRunTcpBulk(const SeqexScenarioConfig& c, const SeqexImpairedLink& link, SeqexExchangeLog& log)
        : m_config(c),
          m_log(log),
          m_attributes(ConfigureSeqexTcp(c))
    {
        Ptr<Node> sender = link.nodes.Get(0);
        Ptr<Node> receiver = link.nodes.Get(1);
        Address to = InetSocketAddress(link.Address(1), kBulkPort);
        // The listener first, so the first connection finds it.
        Simulator::Schedule(Seconds(0), &SeqexRunTcpBulk::Listen, this, receiver);
        for (uint32_t i = 0; i < c.channels; ++i)
        {
            Simulator::Schedule(MilliSeconds(1), &SeqexRunTcpBulk::Connect, this, sender, to);
        }
        Simulator::Schedule(SeqexScenarioConfig::TrafficStart(), &SeqexRunTcpBulk::StartWriting, this);
        Simulator::Schedule(c.TrafficStop(), &SeqexRunTcpBulk::StopWriting, this);
    }

    void ScheduleReset(Time, bool, Time) override
    {
        NS_ABORT_MSG("SeqexRunTcpBulk: no socket reset in the bulk workload"); // ValidateScenarioConfig refuses it
    }

    void OnChannelDrop(Ptr<const Packet>, uint32_t) override
    {
    }

    std::vector<std::string> CheckSafety() const override
    {
        return {};
    }

    // Every connection opened and everything written was read.
    std::vector<std::string> CheckLiveness() const override
    {
        std::vector<std::string> out;
        if (m_senders.size() != m_config.channels || m_accepted != m_config.channels)
        {
            out.push_back("bulk: " + std::to_string(m_accepted) + " of " + std::to_string(m_config.channels) +
                          " connections were accepted");
        }
        if (m_read != m_written)
        {
            out.push_back("bulk: node 1 read " + std::to_string(m_read) + " of the " + std::to_string(m_written) +
                          " bytes node 0 wrote");
        }
        return out;
    }

    void RecordTimeline(SeqexTimeline&, Time, Time) override
    {
        NS_ABORT_MSG("SeqexRunTcpBulk: no timeline in the bulk workload"); // ValidateScenarioConfig refuses it
    }

    SeqexTransportTotals Totals() const override
    {
        SeqexTransportTotals t;
        t.firstTransmissions = m_dataSegments;
        t.retransmissions = m_retransmittedSegments;
        return t;
    }

    std::vector<std::pair<std::string, uint64_t>> Counters() const override
    {
        uint64_t srttMean = m_srttSamples ? static_cast<uint64_t>(m_srttSumUs / m_srttSamples) : 0;
        uint64_t rtoMean = m_timeouts ? static_cast<uint64_t>(m_timeoutRtoSumUs / m_timeouts) : 0;
        return {
            {"data_segments", m_dataSegments},
            {"bulk_bytes_written", m_written},
            {"bulk_bytes_in_period", m_periodBytes}, // read by node 1 during the traffic period
            // SRTT averaged over its updates, and the RTO that expired,
            // averaged over the timeouts (the model's RTT and T0).
            {"srtt_mean_us", srttMean},
            {"timeouts", m_timeouts},
            {"timeout_rto_mean_us", rtoMean},
        };
    }

    std::vector<std::pair<std::string, std::string>> Attributes() const override
    {
        return m_attributes;
    }

  private:
    void Listen(Ptr<Node> node)
    {
        m_listener = SeqexTcpSocket::Create(node);
        NS_ABORT_MSG_IF(m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), kBulkPort)) == -1,
                        "SeqexRunTcpBulk: cannot bind TCP port " << kBulkPort);
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeLambdaCallback<Ptr<Socket>, const Address&>([this](Ptr<Socket> s, const Address&) {
                                          ++m_accepted;
                                          s->SetRecvCallback(MakeLambdaCallback<Ptr<Socket>>([this](Ptr<Socket> r) { Read(r); }));
                                          m_receivers.push_back(s);
                                      }));
    }

    void Connect(Ptr<Node> node, Address to)
    {
        Ptr<SeqexTcpSocket> s = SeqexTcpSocket::Create(node);
        s->Bind();
        s->TraceConnectWithoutContext(
            "Tx",
            MakeLambdaCallback<Ptr<const Packet>, const TcpHeader&, Ptr<const TcpSocketBase>>(
                [this](Ptr<const Packet> p, const TcpHeader& h, Ptr<const TcpSocketBase> from) { OnTx(p, h, from); }));
        s->TraceConnectWithoutContext("RTT", MakeLambdaCallback<Time, Time>([this](Time, Time srtt) {
                                          m_srttSumUs += srtt.GetMicroSeconds();
                                          ++m_srttSamples;
                                      }));
        s->TraceConnectWithoutContext("Timeout", MakeLambdaCallback<Time>([this](Time rto) {
                                          m_timeoutRtoSumUs += rto.GetMicroSeconds();
                                          ++m_timeouts;
                                      }));
        s->SetSendCallback(MakeLambdaCallback<Ptr<Socket>, uint32_t>([this](Ptr<Socket> w, uint32_t) { Write(w); }));
        s->Connect(to);
        m_senders.push_back(s);
    }

    void StartWriting()
    {
        m_writing = true;
        for (Ptr<Socket> s : m_senders)
        {
            Write(s);
        }
    }

    // The traffic period is over: what was written drains, then FIN.
    void StopWriting()
    {
        m_writing = false;
        for (Ptr<Socket> s : m_senders)
        {
            s->Close();
        }
    }

    void Write(Ptr<Socket> s)
    {
        while (m_writing)
        {
            uint32_t room = s->GetTxAvailable();
            if (room == 0)
            {
                return;
            }
            int sent = s->Send(Create<Packet>(std::min<uint32_t>(room, m_config.tcpSegmentSize)));
            if (sent <= 0)
            {
                return; // not connected yet: the send callback comes once it is
            }
            m_written += sent;
        }
    }

    void Read(Ptr<Socket> s)
    {
        Time now = Simulator::Now();
        bool inPeriod = now >= SeqexScenarioConfig::TrafficStart() && now <= m_config.TrafficStop();
        while (Ptr<Packet> p = s->Recv())
        {
            m_read += p->GetSize();
            if (inPeriod)
            {
                m_periodBytes += p->GetSize();
                m_log.AddDeliveredBytes(nullptr, 1, p->GetSize()); // node 1 reads
            }
        }
    }

    void OnTx(Ptr<const Packet> p, const TcpHeader& h, Ptr<const TcpSocketBase> from)
    {
        if (p->GetSize() == 0)
        {
            return;
        }
        uint32_t end = h.GetSequenceNumber().GetValue() + p->GetSize();
        auto [it, first] = m_highestSent.try_emplace(PeekPointer(from), end);
        // Sequence numbers relative to the socket's first data segment, so
        // that wrap-around of the 32-bit space does not matter here.
        if (!first && static_cast<int32_t>(end - it->second) <= 0)
        {
            ++m_retransmittedSegments;
            return;
        }
        it->second = end;
        ++m_dataSegments;
    }

    const SeqexScenarioConfig m_config;
    SeqexExchangeLog& m_log;
    std::vector<std::pair<std::string, std::string>> m_attributes;
    Ptr<Socket> m_listener;
    std::vector<Ptr<Socket>> m_senders;
    std::vector<Ptr<Socket>> m_receivers;
    uint32_t m_accepted = 0;
    bool m_writing = false;
    uint64_t m_written = 0;
    uint64_t m_read = 0;
    uint64_t m_periodBytes = 0;
    uint64_t m_dataSegments = 0;
    uint64_t m_retransmittedSegments = 0;
    std::map<const TcpSocketBase*, uint32_t> m_highestSent; // one past the highest sequence sent
    double m_srttSumUs = 0;
    uint64_t m_srttSamples = 0;
    double m_timeoutRtoSumUs = 0;
    uint64_t m_timeouts = 0;
};

} // namespace

std::unique_ptr<SeqexRunTransport>
InstallTcpBulkTransport(const SeqexScenarioConfig& config, const SeqexImpairedLink& link, SeqexExchangeLog& log)
{
    return std::make_unique<SeqexRunTcpBulk>(config, link, log);
}

} // namespace ns3
