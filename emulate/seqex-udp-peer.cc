// seqex-udp-peer: one node of a scenario's exchange workload over real UDP
// (the runtime, runtime/seqex-udp-peer.h). Run one per side:
//
//   seqex-udp-peer --node=0 --local=10.0.0.1:9000 --remote=10.0.0.2:9000 --scenario=loss-sweep --seed=3
//   seqex-udp-peer --node=1 --local=10.0.0.2:9000 --remote=10.0.0.1:9000 --scenario=loss-sweep --seed=3
//   seqex-udp-peer --check --scenario=loss-sweep --seed=3 --prefix=P   (both logs under P)
//
// Takes every flag of seqex-scenario; the workload flags drive it, the link
// flags describe the path (for the ideal latency), the impairments are the
// network's business. Each node writes <prefix>node<N>.events.tsv
// (seqex-real-results.h); --check merges both, checks SPEC §7 and writes
// the scenario-format results (<runId>.json, <runId>.exchanges.csv).
//
// The workload is the scenario's, and its decisions are the shared
// seqex::ExchangeWorkload (generation, answer rule, completion) the
// simulated applications use: node 0 (and node 1 with --bidirectional)
// starts ExchangesPerOriginator exchanges at the Poisson rate (or, with
// --rate=0, each when a window has room), lengths, seq_cst and answer
// delays drawn from the same ns-3 random variables, with the same stream
// numbers and --seed, as SeqexWorkloadApplication in a simulated run.
// Exchanges go to channels round-robin and wait in the runtime's
// per-channel backlog (the simulated application has one shared backlog,
// so under saturation channel assignment can differ).
//
// Runs for --duration + --heal, then exits: 0 when every exchange this node
// started ended, 1 otherwise, 2 bad flags; --check: 0 invariants held, 3
// violated, 1 logs unreadable.
#include "seqex-event-loop.h"
#include "seqex-real-results.h"
#include "seqex-signal-watch.h"
#include "seqex-udp-peer.h"

#include "seqex-run-transport.h"
#include "seqex-scenario-catalog.h"

#include "ns3/command-line.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/seqex-exchange-data.h"
#include "ns3/seqex-exchange-workload.h"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <set>
#include <sstream>

using namespace ns3;
namespace udp = seqex::udp;

namespace
{

constexpr int kExitIncomplete = 1;
constexpr int kExitBadFlag = 2;
constexpr int kExitViolation = 3;

// The same draws as SeqexApplication::AssignStreams gives node `node`'s
// application under SeqexHelper::AssignStreams(apps, kSeqexWorkloadStreams):
// four streams per application, in this order.
struct WorkloadDraws
{
    WorkloadDraws(const SeqexScenarioConfig& c, uint32_t node)
    {
        int64_t base = kSeqexWorkloadStreams + 4 * static_cast<int64_t>(node);
        if (!c.Saturating())
        {
            startInterval = Make(c.StartIntervalVariable(), base + 0);
        }
        length = Make(c.LengthVariable(), base + 1);
        answerDelay = Make(c.AnswerDelayVariable(), base + 2);
        seqCst = CreateObject<UniformRandomVariable>();
        seqCst->SetStream(base + 3);
    }

    static Ptr<RandomVariableStream> Make(const std::string& spec, int64_t stream)
    {
        ObjectFactory factory;
        std::istringstream(spec) >> factory;
        Ptr<RandomVariableStream> rv = factory.Create<RandomVariableStream>();
        rv->SetStream(stream);
        return rv;
    }

    Ptr<RandomVariableStream> startInterval; // null when saturating
    Ptr<RandomVariableStream> length;
    Ptr<RandomVariableStream> answerDelay;
    Ptr<UniformRandomVariable> seqCst;
};

// ExchangeDraws from the node's ns-3 random variables.
class StreamDraws : public seqex::ExchangeDraws
{
  public:
    explicit StreamDraws(WorkloadDraws& d)
        : m_d(d)
    {
    }
    double Length() override
    {
        return m_d.length->GetValue();
    }
    double SeqCstUniform() override
    {
        return m_d.seqCst->GetValue();
    }

  private:
    WorkloadDraws& m_d;
};

int64_t
NowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(udp::Clock::now().time_since_epoch()).count();
}

// The shared workload (seqex::ExchangeWorkload: generation, answer rule,
// completion) driven over the UDP runtime instead of an ns-3 socket.
class WorkloadNode
{
  public:
    WorkloadNode(const SeqexScenarioConfig& c, uint32_t node, udp::EventLoop& loop, udp::Peer& peer,
                 SeqexEventLogWriter& log)
        : m_config(c),
          m_node(node),
          m_loop(loop),
          m_peer(peer),
          m_log(log),
          m_draws(c, node),
          m_workload(Settings(c, node))
    {
        m_peer.SetPayloadHandler([this](udp::Incoming&& in) {
            m_log.Deliver(in.channel, in.seq, std::nullopt, in.seqCst, in.data);
            OnNode(in.channel, in.data, std::move(in.answer));
        });
        m_peer.onDatagramSent = [this](const uint8_t* d, size_t n) {
            m_log.Transmit(d, n);
            NoteFirstSend(d, n);
        };
    }

    static seqex::WorkloadSettings Settings(const SeqexScenarioConfig& c, uint32_t node)
    {
        bool originates = node == 0 || c.bidirectional;
        seqex::WorkloadSettings s;
        s.maxExchanges = originates ? c.ExchangesPerOriginator() : 0; // saturating 0: a pure responder
        s.openLoop = originates && !c.Saturating();
        s.seqCstFraction = c.seqCst;
        s.payloadSize = c.size;
        return s;
    }

    // "" or what is wrong with the settings.
    std::string Problem() const
    {
        return seqex::ValidateWorkloadSettings(m_workload.Settings());
    }

    void Start()
    {
        if (m_workload.Settings().openLoop)
        {
            ScheduleNext();
        }
        else if (m_workload.MoreToGenerate())
        {
            // As SeqexApplication does when saturating: an exchange is
            // generated (its latency clock starts) when a window has room
            // for it, so the latency measures the transport, not a queue.
            m_loop.AddAfterDispatchHook([this]() { Admit(); });
            Admit();
        }
    }

    // Answers everything still held (acks), so no handle outlives the peer.
    void Finish()
    {
        for (const auto& held : m_held)
        {
            if (held->answer.Pending())
            {
                m_log.AnswerAck(held->channel, held->answer.GetSeq());
                m_peer.Ack(held->answer);
            }
        }
        m_held.clear();
    }

    uint64_t Started() const
    {
        return m_workload.GeneratedCount();
    }
    uint64_t Open() const
    {
        return m_workload.OpenCount();
    }
    uint64_t Failed() const
    {
        return m_failed;
    }
    const std::string& Error() const
    {
        return m_error;
    }

  private:
    struct Held
    {
        uint16_t channel;
        seqex::Bytes data;
        udp::ByteAnswer answer;
    };

    void Fatal(const std::string& what)
    {
        if (m_error.empty())
        {
            m_error = what;
        }
        m_loop.Stop();
    }

    void ScheduleNext()
    {
        if (!m_workload.MoreToGenerate())
        {
            return;
        }
        double gap = m_draws.startInterval->GetValue();
        std::string problem = seqex::ExchangeWorkload::CheckStartGap(gap);
        if (!problem.empty())
        {
            Fatal(problem);
            return;
        }
        m_loop.After(std::chrono::nanoseconds(static_cast<int64_t>(gap * 1e9)), [this]() {
            Generate(m_nextChannel);
            m_nextChannel = (m_nextChannel + 1) % m_config.channels;
            ScheduleNext();
        });
    }

    // Saturating: generates exchanges while some channel has room,
    // round-robin from the channel after the last one used.
    void Admit()
    {
        if (m_admitting)
        {
            return;
        }
        m_admitting = true;
        while (m_workload.MoreToGenerate() && m_error.empty())
        {
            std::optional<uint32_t> channel;
            for (uint32_t k = 0; k < m_config.channels && !channel; ++k)
            {
                uint32_t c = (m_nextChannel + k) % m_config.channels;
                if (m_peer.GetEndpoint(static_cast<uint16_t>(c)).CanStartExchange())
                {
                    channel = c;
                }
            }
            if (!channel)
            {
                break;
            }
            m_nextChannel = (*channel + 1) % m_config.channels;
            Generate(*channel);
        }
        m_admitting = false;
    }

    void Generate(uint32_t channel)
    {
        StreamDraws draws(m_draws);
        seqex::ExchangeWorkload::Generated g = m_workload.Generate(draws, NowNs());
        if (!g.error.empty())
        {
            Fatal(g.error);
            return;
        }
        auto ch = static_cast<uint16_t>(channel);
        m_log.ExchangeStart(ch, g.exchange.id);
        m_peer.Request(ch, m_workload.FirstNode(g.exchange), [this](udp::Outcome&& o) { OnOutcome(std::move(o)); },
                       g.exchange.seqCst);
    }

    // An exchange's payload (node 0) went on the wire: the workload notes
    // its first transmission (later ones, and the peer's data, are ignored).
    void NoteFirstSend(const uint8_t* d, size_t n)
    {
        seqex::DecodedDatagram x = seqex::DecodeDatagram(d, n);
        if (x.error != seqex::DecodeError::None || !seqex::IsDataKind(x.header.kind) ||
            seqex::IsReplyKind(x.header.kind))
        {
            return;
        }
        std::optional<seqex::ExchangeNode> node = seqex::DecodeExchangeNode(seqex::Bytes(x.data, x.data + x.dataLength));
        if (node && node->index == 0)
        {
            m_workload.Sent(node->exchangeId, NowNs());
        }
    }

    void OnOutcome(udp::Outcome&& o)
    {
        switch (o.kind)
        {
        case udp::OutcomeKind::Reply:
            m_log.Deliver(o.channel, o.seq, o.re, o.seqCst, o.data);
            OnNode(o.channel, o.data, std::move(o.answer));
            break;
        case udp::OutcomeKind::Acked:
            m_log.ResolvedByAck(o.channel, o.re);
            if (std::optional<seqex::ExchangeNode> node = m_workload.EndedByAck(o.sent))
            {
                Complete(o.channel, node->exchangeId, node->index + 1u);
            }
            break;
        case udp::OutcomeKind::Failed:
            ++m_failed;
            std::cerr << "seqex-udp-peer: node " << m_node << ": " << o.error << "\n";
            break;
        }
    }

    // A payload or reply of the peer, answered after the answer delay by
    // the workload's rule.
    void OnNode(uint16_t channel, const seqex::Bytes& data, udp::ByteAnswer answer)
    {
        auto held = std::make_shared<Held>(Held{channel, data, std::move(answer)});
        double delay = m_draws.answerDelay->GetValue();
        std::string problem = seqex::ExchangeWorkload::CheckAnswerDelay(delay);
        if (!problem.empty())
        {
            Fatal(problem);
            return;
        }
        if (delay == 0)
        {
            Answer(held);
            return;
        }
        m_held.insert(held);
        m_loop.After(std::chrono::nanoseconds(static_cast<int64_t>(delay * 1e9)), [this, held]() {
            m_held.erase(held);
            Answer(held);
        });
    }

    void Answer(const std::shared_ptr<Held>& held)
    {
        seqex::AnswerDecision d = m_workload.Decide(held->data);
        if (d.reply)
        {
            m_peer.Reply(held->channel, held->answer, m_workload.Encode(d.next),
                         [this](udp::Outcome&& o) { OnOutcome(std::move(o)); }, d.next.seqCst);
            return;
        }
        m_log.AnswerAck(held->channel, held->answer.GetSeq());
        m_peer.Ack(held->answer);
        if (d.endsOwnExchange)
        {
            Complete(held->channel, d.delivered.exchangeId, d.delivered.index + 1u);
        }
    }

    void Complete(uint16_t channel, uint64_t id, uint32_t length)
    {
        if (m_workload.Complete(id, length, NowNs()))
        {
            m_log.ExchangeComplete(channel, id);
        }
    }

    const SeqexScenarioConfig& m_config;
    uint32_t m_node;
    udp::EventLoop& m_loop;
    udp::Peer& m_peer;
    SeqexEventLogWriter& m_log;
    WorkloadDraws m_draws;
    seqex::ExchangeWorkload m_workload;
    uint32_t m_nextChannel = 0;
    bool m_admitting = false;
    uint64_t m_failed = 0;
    std::string m_error;
    std::set<std::shared_ptr<Held>> m_held;
};

int
Fail(const std::string& what)
{
    std::cerr << "seqex-udp-peer: error: " << what << "\n";
    return kExitBadFlag;
}

} // namespace

int
main(int argc, char** argv)
{
    SeqexScenarioConfig config;
    std::string scenario = SeqexFlagTable::Given(argc, argv, "scenario").value_or(config.scenario);
    const SeqexScenario* spec = FindSeqexScenario(scenario);
    if (spec == nullptr)
    {
        return Fail("--scenario: no scenario named '" + scenario + "'");
    }
    SeqexFlagTable table;
    BindScenarioFlags(table, config, SeqexScenarioNames());
    table.SetDefault("scenario", spec->name);
    for (const auto& [flag, value] : spec->defaults)
    {
        table.SetDefault(flag, value);
    }
    std::string node = "0";
    std::string local;
    std::string remote;
    std::string prefix;
    bool check = false;
    std::string startAt;
    CommandLine cmd(__FILE__);
    cmd.Usage("One node of a scenario's exchange workload over real UDP (same flags as seqex-scenario), or "
              "--check: SPEC §7 over both nodes' event logs and the scenario-format results.");
    cmd.AddValue("node", "0 or 1 (node 0 originates; node 1 too with --bidirectional)", node);
    cmd.AddValue("local", "Address to bind, ip:port or [ip6]:port", local);
    cmd.AddValue("remote", "The other node, ip:port or [ip6]:port", remote);
    cmd.AddValue("prefix", "Event logs go to <prefix>node<N>.events.tsv (default: <out>/real/<scenario>/runs/<runId>.)",
                 prefix);
    cmd.AddValue("check", "Check both nodes' logs under --prefix and write the run's results", check);
    cmd.AddValue("startAt", "Start the workload at this CLOCK_MONOTONIC time (ns), so that two nodes on one host "
                 "start together (seqex-emulate sets it); default: at once", startAt);
    table.Register(cmd);
    cmd.Parse(argc, argv);
    std::string error = table.Apply();
    if (error.empty())
    {
        error = ValidateScenarioConfig(config);
    }
    if (error.empty() && config.transport != "seqex")
    {
        error = "--transport: seqex-udp-peer runs SEQEX only";
    }
    if (error.empty() && config.resetKind != "none" && config.resetKind != "link")
    {
        error = "--resetKind: socket and NAT resets are not scheduled by seqex-udp-peer";
    }
    if (!error.empty())
    {
        return Fail(error);
    }
    if (config.runId.empty())
    {
        config.runId = "udp-peer";
    }
    if (prefix.empty())
    {
        config.out = (std::filesystem::path(config.out) / "real").string();
        prefix = config.RunFile(".");
    }
    else
    {
        // Results go beside the logs.
        std::filesystem::path p(prefix);
        config.runId = p.filename().string();
        while (!config.runId.empty() && config.runId.back() == '.')
        {
            config.runId.pop_back();
        }
        config.out = p.parent_path().parent_path().parent_path().string();
        config.scenario = p.parent_path().parent_path().filename().string();
    }

    if (check)
    {
        SeqexRealRun run = CheckRealRun(config, prefix);
        std::cout << DescribeRealRun(config, run);
        if (!run.readError.empty())
        {
            return kExitIncomplete;
        }
        std::string written = WriteRealRun(config, table, run);
        if (!written.empty())
        {
            std::cerr << "seqex-udp-peer: error: " << written << "\n";
            return kExitIncomplete;
        }
        return run.outcome.Ok() ? 0 : kExitViolation;
    }

    if (node != "0" && node != "1")
    {
        return Fail("--node: must be 0 or 1 (got '" + node + "')");
    }
    if (local.empty() || remote.empty())
    {
        return Fail("--local and --remote are required (ip:port of this node and of the other)");
    }
    uint32_t nodeIndex = node == "1" ? 1 : 0;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(prefix + "x").parent_path(), ec);

    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(config.seed);
    try
    {
        udp::EventLoop loop;
        bool signalled = false;
        udp::SignalWatch signals(loop, [&](int) {
            signalled = true;
            loop.Stop();
        });
        udp::PeerOptions options;
        options.local = local;
        options.remote = remote;
        options.channels = static_cast<uint16_t>(config.channels);
        options.config.window = config.window;
        options.config.resendIntervalMs = config.resendInterval.GetMilliSeconds();
        options.backlogLimit = std::numeric_limits<size_t>::max(); // every start must happen, as in a scenario run
        udp::Peer peer(loop, options);
        SeqexEventLogWriter log(prefix + "node" + node + ".events.tsv", nodeIndex);
        WorkloadNode workload(config, nodeIndex, loop, peer, log);
        if (std::string problem = workload.Problem(); !problem.empty())
        {
            return Fail(problem);
        }
        udp::Clock::time_point begin = udp::Clock::now();
        if (!startAt.empty())
        {
            long long ns = 0;
            std::istringstream in(startAt);
            if (!(in >> ns) || !in.eof())
            {
                return Fail("--startAt: '" + startAt + "' is not a time in nanoseconds");
            }
            begin = std::max(begin, udp::Clock::time_point(std::chrono::nanoseconds(ns)));
        }
        loop.At(begin, [&workload]() { workload.Start(); });
        auto end = begin + std::chrono::nanoseconds((config.duration + config.heal).GetNanoSeconds());
        loop.RunUntil([] { return false; }, end - udp::Clock::now());
        workload.Finish();
        log.Flush();

        const udp::PeerCounters& pc = peer.GetCounters();
        seqex::Counters tc = peer.TotalCounters();
        if (!workload.Error().empty())
        {
            std::fprintf(stderr, "seqex-udp-peer: error: %s\n", workload.Error().c_str());
            return kExitIncomplete;
        }
        std::printf("node %s: started %llu, completed %llu, failed %llu; datagrams sent %llu received %llu, data "
                    "packets %llu retransmitted %llu, strangers %llu malformed %llu unknown channel %llu, send "
                    "errors %llu, peer port changes %llu\n",
                    node.c_str(), (unsigned long long)workload.Started(),
                    (unsigned long long)(workload.Started() - workload.Open()),
                    (unsigned long long)workload.Failed(), (unsigned long long)pc.datagramsSent,
                    (unsigned long long)pc.datagramsReceived, (unsigned long long)tc.sent,
                    (unsigned long long)tc.retransmitted, (unsigned long long)pc.strangers,
                    (unsigned long long)pc.malformed, (unsigned long long)pc.unknownChannel,
                    (unsigned long long)pc.sendErrors, (unsigned long long)pc.peerPortChanges);
        if (signalled)
        {
            std::fprintf(stderr, "seqex-udp-peer: stopped by a signal before the end of the run\n");
            return kExitIncomplete;
        }
        if (workload.Open() > 0 || workload.Failed() > 0)
        {
            std::fprintf(stderr, "seqex-udp-peer: node %s: %llu of %llu exchanges it started did not end\n",
                         node.c_str(), (unsigned long long)workload.Open(),
                         (unsigned long long)workload.Started());
            return kExitIncomplete;
        }
        return 0;
    }
    catch (const std::exception& e)
    {
        std::cerr << "seqex-udp-peer: error: " << e.what() << "\n";
        return kExitBadFlag;
    }
}
