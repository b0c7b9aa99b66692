#include "seqex-scenario-config.h"

#include "seqex-json.h"

#include "ns3/seqex-wire.h"

#include <cmath>
#include <filesystem>

namespace ns3
{

uint64_t
SeqexScenarioConfig::ExchangesPerOriginator() const
{
    if (exchanges > 0)
    {
        return exchanges;
    }
    long long n = std::llround(rate * duration.GetSeconds());
    return n < 1 ? 1 : static_cast<uint64_t>(n);
}

std::string
SeqexScenarioConfig::RunFile(const std::string& suffix) const
{
    return (std::filesystem::path(out) / scenario / "runs" / (runId + suffix)).string();
}

uint32_t
SeqexScenarioConfig::BufferPackets() const
{
    return queue + (qdisc == "none" ? 0 : qdiscLimit);
}

double
SeqexScenarioConfig::BdpPackets() const
{
    return double(bandwidth.GetBitRate()) * 2 * delay.GetSeconds() / (1500 * 8);
}

SeqexIdealPath
SeqexScenarioConfig::IdealPath() const
{
    SeqexIdealPath p;
    p.delay = delay;
    p.meanJitter = impairment.jitter / 2;
    p.bandwidth = bandwidth;
    p.dataSize = size;
    p.answerDelay = answerDelay;
    return p;
}

std::string
SeqexScenarioConfig::StartIntervalVariable() const
{
    return "ns3::ExponentialRandomVariable[Mean=" + seqex::FormatDouble(1.0 / rate) + "]";
}

std::string
SeqexScenarioConfig::LengthVariable() const
{
    // The applications truncate the draw: [min, max + 1) gives min..max.
    return "ns3::UniformRandomVariable[Min=" + std::to_string(lenMin) + "|Max=" + std::to_string(lenMax + 1) + "]";
}

std::string
SeqexScenarioConfig::AnswerDelayVariable() const
{
    return "ns3::ConstantRandomVariable[Constant=" + seqex::FormatDouble(answerDelay.GetSeconds()) + "]";
}

const std::vector<std::pair<std::string, std::string>>&
SeqexTcpVariants()
{
    // Every congestion control of ns-3.37's internet module but DCTCP, which
    // needs ECN marking by the queue (the link has none).
    static const std::vector<std::pair<std::string, std::string>> variants = {
        {"cubic", "ns3::TcpCubic"},         {"newreno", "ns3::TcpNewReno"},   {"linux-reno", "ns3::TcpLinuxReno"},
        {"bbr", "ns3::TcpBbr"},             {"bic", "ns3::TcpBic"},           {"highspeed", "ns3::TcpHighSpeed"},
        {"htcp", "ns3::TcpHtcp"},           {"hybla", "ns3::TcpHybla"},       {"illinois", "ns3::TcpIllinois"},
        {"ledbat", "ns3::TcpLedbat"},       {"lp", "ns3::TcpLp"},             {"scalable", "ns3::TcpScalable"},
        {"vegas", "ns3::TcpVegas"},         {"veno", "ns3::TcpVeno"},         {"westwood", "ns3::TcpWestwood"},
        {"yeah", "ns3::TcpYeah"},
    };
    return variants;
}

void
BindScenarioFlags(SeqexFlagTable& t, SeqexScenarioConfig& c, const std::vector<std::string>& scenarioNames)
{
    const Time hour = Seconds(3600);
    t.AddChoice("scenario", "Named scenario whose defaults apply (see --list)", c.scenario, scenarioNames);
    t.AddChoice("transport", "seqex or tcp (the baseline on the same link)", c.transport, {"seqex", "tcp"});
    t.AddUint("seed", "Random run number: the same seed replays the same run", c.seed, 1, 2147483647);
    t.AddText("out", "Results directory (results go to <out>/<scenario>/runs/; only the default set "
              "writes results/, the figures' source)", c.out, [](const std::string& v) {
        return v.empty() ? std::string("must not be empty") : std::string();
    });
    t.AddText("runId", "File name of this run's results (default: derived from the flags given)", c.runId,
              [](const std::string& v) -> std::string {
                  if (v.find('/') != std::string::npos || v == "." || v == "..")
                  {
                      return "must be a plain file name, got '" + v + "'";
                  }
                  return {};
              });
    t.AddTime("duration", "Traffic period: exchanges start and impairments act during it", c.duration,
              MilliSeconds(10), hour);
    t.AddTime("heal", "Time after the traffic period with a clean link, for liveness", c.heal, Seconds(1), hour);

    t.AddDouble("rate",
                "Exchange starts per second per originating node (Poisson); 0: saturating, from the "
                "traffic start each exchange generated as soon as the transport can take it",
                c.rate, 0, 1e5);
    t.AddUint("exchanges", "Exchanges per originating node (0: rate x duration)", c.exchanges, 0, 10000000);
    t.AddBool("bidirectional", "Node 1 originates exchanges too (same rate)", c.bidirectional);
    t.AddUint("lenMin", "Shortest exchange, in data packets (payload + replies)", c.lenMin, 1, 65535);
    t.AddUint("lenMax", "Longest exchange, in data packets", c.lenMax, 1, 65535);
    t.AddUint("size", "Application bytes per data packet", c.size, 13, static_cast<uint32_t>(seqex::kMaxDataSize));
    t.AddTime("answerDelay", "Time an application takes to answer a delivery", c.answerDelay, Seconds(0), Seconds(10));
    t.AddDouble("seqCst", "Fraction of exchanges whose packets are seq_cst", c.seqCst, 0, 1);
    t.AddUint("channels", "SEQEX channels, or TCP connections", c.channels, 1, 256);

    t.AddUint("window", "SEQEX window capacity W", c.window, 2, 65536);
    t.AddTime("resendInterval", "SEQEX resend interval", c.resendInterval, MilliSeconds(1), Seconds(60));
    t.AddChoice("resendMode", "SEQEX resend timeout: fixed (resendInterval) or adaptive (RFC 6298, from resendInterval)",
                c.resendMode, {"fixed", "adaptive"});
    t.AddChoice("workload",
                "exchanges (the request/reply workload) or bulk (TCP only: node 0 writes bytes into every "
                "connection for the whole traffic period; goodput is what node 1 received in it)",
                c.workload, {"exchanges", "bulk"});

    std::vector<std::string> variants;
    for (const auto& [name, typeId] : SeqexTcpVariants())
    {
        variants.push_back(name);
    }
    t.AddChoice("tcpVariant", "TCP congestion control (ns-3.37's Tcp<Name>)", c.tcpVariant, variants);
    t.AddChoice("tcpRecovery", "TCP loss recovery: prr (RFC 6937) or classic (RFC 5681/6582)", c.tcpRecovery,
                {"prr", "classic"});
    t.AddBool("tcpSack", "TCP selective acknowledgements (RFC 2018)", c.tcpSack);
    t.AddBool("tcpTimestamps", "TCP timestamps (RFC 7323)", c.tcpTimestamps);
    t.AddUint("tcpSegmentSize", "TCP maximum segment size, bytes", c.tcpSegmentSize, 100, 65000);
    t.AddUint("tcpDelAckCount", "TCP segments received before an ACK is sent (1: no delayed ACK)", c.tcpDelAckCount,
              1, 64);
    t.AddTime("tcpDelAckTimeout", "TCP delayed-ACK timeout", c.tcpDelAckTimeout, MilliSeconds(1), Seconds(1));
    t.AddTime("tcpMinRto",
              "TCP minimum retransmission timeout, also the floor of the RTO's variance term "
              "(RTO = SRTT + max(4 RTTVAR, tcpMinRto), as Linux)",
              c.tcpMinRto, MilliSeconds(1), Seconds(60));
    t.AddUint("tcpInitialCwnd", "TCP initial congestion window, segments", c.tcpInitialCwnd, 1, 1000);
    t.AddUint("tcpSndBuf", "TCP send buffer, bytes", c.tcpSndBuf, 1024, 1u << 30);
    t.AddUint("tcpRcvBuf", "TCP receive buffer, bytes", c.tcpRcvBuf, 1024, 1u << 30);

    t.AddRate("bandwidth", "Link bit rate, each direction", c.bandwidth);
    t.AddTime("delay", "One-way propagation delay", c.delay, Seconds(0), Seconds(10));
    t.AddUint("queue", "Device queue (drop-tail) of each node, packets: the bottleneck buffer when --qdisc=none",
              c.queue, 1, 1000000);
    t.AddChoice("qdisc", "Queue disc in front of the device queue: none (the device queue is the only "
                "buffer), pfifo (drop-tail FIFO), fq-codel (ns-3's default for Ipv4AddressHelper)",
                c.qdisc, {"none", "pfifo", "fq-codel"});
    t.AddUint("qdiscLimit", "Queue disc limit, packets (with --qdisc=pfifo|fq-codel)", c.qdiscLimit, 1, 1000000);
    t.AddUint("bulkFlows", "TCP bulk flows from node 0 to node 1 during the traffic period, sharing the "
              "bottleneck with the transport under test", c.bulkFlows, 0, 64);
    t.AddChoice("bulkVariant", "Congestion control of the bulk TCP flows", c.bulkVariant, {"cubic", "newreno"});
    t.AddTime("shareBin", "Bin of the bottleneck-share timeline (with --bulkFlows)", c.shareBin, MilliSeconds(10),
              Seconds(60));

    SeqexLinkImpairment& i = c.impairment;
    t.AddDouble("loss", "Bernoulli loss probability per packet", i.loss, 0, 1);
    t.AddDouble("geP", "Gilbert-Elliott: good -> bad probability per packet (0: off)", i.geP, 0, 1);
    t.AddDouble("geR", "Gilbert-Elliott: bad -> good probability (mean burst 1/geR)", i.geR, 0, 1);
    t.AddDouble("geBadLoss", "Gilbert-Elliott: loss probability in the bad state", i.geBadLoss, 0, 1);
    t.AddDouble("geGoodLoss", "Gilbert-Elliott: loss probability in the good state", i.geGoodLoss, 0, 1);
    t.AddDouble("duplicate", "Probability a packet is delivered twice", i.duplicate, 0, 1);
    t.AddDouble("reorder", "Probability a packet is held back by reorderDelay", i.reorder, 0, 1);
    t.AddTime("reorderDelay", "Extra delay of a reordered packet", i.reorderDelay, Seconds(0), Seconds(10));
    t.AddTime("jitter", "Extra delay uniform in [0, jitter] per packet (order kept)", i.jitter, Seconds(0),
              Seconds(10));
    t.AddChoice("impairDir", "Directions the stochastic impairments apply to", c.impairDir,
                {"both", "forward", "reverse"});

    t.AddBool("timeline", "Also write <runId>.timeline.csv: in-flight, sent, retransmitted, delivered per bin "
              "(SEQEX: data packets; TCP: data segments, messages delivered)", c.timeline);
    t.AddTime("timelineBin", "Bin width of the timeline", c.timelineBin, MilliSeconds(1), Seconds(10));
    t.AddBool("pcap", "Also write <runId>.node0.pcap and <runId>.node1.pcap: every frame each node sent or "
              "received (PPP link type; tools/wireshark/seqex.lua decodes SEQEX)", c.pcap);

    t.AddTime("blackholeStart", "Blackhole start, after the traffic start", c.blackholeStart, Seconds(0), hour);
    t.AddTime("blackholeDuration", "Blackhole length (0: none)", c.blackholeDuration, Seconds(0), hour);
    t.AddChoice("blackholeDir", "Directions the blackhole swallows", c.blackholeDir, {"both", "forward", "reverse"});
    t.AddChoice("resetKind",
                "Transport reset at node 0: socket (reopen, same port), nat (reopen on a new port), "
                "link (link down and up), none",
                c.resetKind, {"none", "socket", "nat", "link"});
    t.AddTime("resetEvery", "A reset at every multiple of this within the traffic period", c.resetEvery,
              MilliSeconds(1), hour);
    t.AddTime("resetDowntime", "How long each reset keeps the socket closed or the link down", c.resetDowntime,
              Seconds(0), hour);
}

std::string
ValidateScenarioConfig(const SeqexScenarioConfig& c)
{
    if (c.lenMin > c.lenMax)
    {
        return "--lenMin: must be <= --lenMax (" + std::to_string(c.lenMin) + " > " + std::to_string(c.lenMax) +
               ")";
    }
    if (c.Bulk())
    {
        if (c.transport != "tcp")
        {
            return "--workload: bulk is a TCP workload (--transport=tcp); SEQEX carries exchanges";
        }
        if (c.resetKind == "socket" || c.resetKind == "nat")
        {
            return "--resetKind: the bulk workload does not reopen connections (use link or none)";
        }
        if (c.timeline)
        {
            return "--timeline: not recorded for the bulk workload";
        }
    }
    if (c.Saturating() && c.exchanges == 0 && !c.Bulk())
    {
        return "--exchanges: a saturating workload (--rate=0) needs a number of exchanges (> 0)";
    }
    std::string imp = ValidateImpairment(c.impairment);
    if (!imp.empty())
    {
        // Impairment fields are named after their flags: "loss must ..."
        // becomes "--loss: must ...".
        size_t space = imp.find(' ');
        return "--" + imp.substr(0, space) + ":" + imp.substr(space);
    }
    if (c.blackholeDuration.IsStrictlyPositive() && c.blackholeStart + c.blackholeDuration > c.duration)
    {
        return "--blackholeDuration: the blackhole (" + SeqexFlagTable::FormatTime(c.blackholeStart) + " + " +
               SeqexFlagTable::FormatTime(c.blackholeDuration) + ") must end within --duration (" +
               SeqexFlagTable::FormatTime(c.duration) + ") so that the network heals before the end";
    }
    if (c.resetKind != "none" && c.resetDowntime >= c.resetEvery)
    {
        return "--resetDowntime: must be shorter than --resetEvery (" + SeqexFlagTable::FormatTime(c.resetDowntime) +
               " >= " + SeqexFlagTable::FormatTime(c.resetEvery) + ")";
    }
    if (c.bulkFlows > 0 && c.transport != "seqex")
    {
        return "--bulkFlows: bulk TCP flows compete with --transport=seqex only (got " + c.transport + ")";
    }
    if (c.transport == "seqex" && c.resendInterval.GetNanoSeconds() % 1000000 != 0)
    {
        return "--resendInterval: SEQEX counts whole milliseconds, got " + SeqexFlagTable::FormatTime(c.resendInterval);
    }
    return {};
}

} // namespace ns3
