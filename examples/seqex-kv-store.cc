// A key-value store over SEQEX, written as an ns-3 user would write their
// own service on SeqexTransport: a client application sends GET / PUT /
// DELETE requests (its own ns3::Header types), a server application answers
// each request with a response in a SEQEX reply, and the client ends each
// exchange with the Ack. The link loses packets; SEQEX repairs them.
//
//   seqex-kv-store --requests=200 --loss=0.1 --keys=16
//
// What it shows of the message API:
//   - SeqexTransport::Send with a Ptr<Packet>, refused when the window is
//     full, and the send callback that says when to try again;
//   - the receive callback's SeqexMessage: the server answers a GET at
//     once and a PUT or DELETE later (a simulated disk write), keeping the
//     message meanwhile; the client acks every response (dropping the
//     message would ack it as well, SPEC R8);
//   - requests are seq_cst, so the server applies them in the order sent
//     whatever the link reorders or loses: a GET sees every earlier PUT.
// The client checks every response against its own model of the store and
// exits with status 1 unless every request was answered correctly.
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/seqex-transport.h"

#include <iostream>
#include <map>
#include <string>

using namespace ns3;

namespace
{

enum class KvOp : uint8_t
{
    Get = 1,
    Put = 2,
    Delete = 3,
};

// A request: op(1) id(4) key length(1) key value length(2) value.
class KvRequestHeader : public Header
{
  public:
    KvOp op = KvOp::Get;
    uint32_t id = 0;
    std::string key;
    std::string value;

    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("KvRequestHeader").SetParent<Header>().AddConstructor<KvRequestHeader>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    uint32_t GetSerializedSize() const override
    {
        return 1 + 4 + 1 + key.size() + 2 + value.size();
    }

    void Serialize(Buffer::Iterator i) const override
    {
        i.WriteU8(static_cast<uint8_t>(op));
        i.WriteHtonU32(id);
        i.WriteU8(static_cast<uint8_t>(key.size()));
        i.Write(reinterpret_cast<const uint8_t*>(key.data()), key.size());
        i.WriteHtonU16(static_cast<uint16_t>(value.size()));
        i.Write(reinterpret_cast<const uint8_t*>(value.data()), value.size());
    }

    uint32_t Deserialize(Buffer::Iterator start) override
    {
        Buffer::Iterator i = start;
        op = static_cast<KvOp>(i.ReadU8());
        id = i.ReadNtohU32();
        key.resize(i.ReadU8());
        i.Read(reinterpret_cast<uint8_t*>(&key[0]), key.size());
        value.resize(i.ReadNtohU16());
        i.Read(reinterpret_cast<uint8_t*>(&value[0]), value.size());
        return GetSerializedSize();
    }

    void Print(std::ostream& os) const override
    {
        os << "KV request " << id << " op " << int(op) << " key " << key;
    }
};

// A response: id(4) found(1) value length(2) value.
class KvResponseHeader : public Header
{
  public:
    uint32_t id = 0;
    bool found = false;
    std::string value;

    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("KvResponseHeader").SetParent<Header>().AddConstructor<KvResponseHeader>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    uint32_t GetSerializedSize() const override
    {
        return 4 + 1 + 2 + value.size();
    }

    void Serialize(Buffer::Iterator i) const override
    {
        i.WriteHtonU32(id);
        i.WriteU8(found ? 1 : 0);
        i.WriteHtonU16(static_cast<uint16_t>(value.size()));
        i.Write(reinterpret_cast<const uint8_t*>(value.data()), value.size());
    }

    uint32_t Deserialize(Buffer::Iterator start) override
    {
        Buffer::Iterator i = start;
        id = i.ReadNtohU32();
        found = i.ReadU8() != 0;
        value.resize(i.ReadNtohU16());
        i.Read(reinterpret_cast<uint8_t*>(&value[0]), value.size());
        return GetSerializedSize();
    }

    void Print(std::ostream& os) const override
    {
        os << "KV response " << id << (found ? " found" : " not found");
    }
};

// The server: applies requests in arrival order (they are seq_cst) and
// answers each in a reply; writes take `writeDelay` before they answer.
class KvServer : public Application
{
  public:
    KvServer(Ptr<SeqexTransport> transport, Time writeDelay)
        : m_transport(transport),
          m_writeDelay(writeDelay)
    {
    }

  private:
    void StartApplication() override
    {
        m_transport->SetRecvCallback(MakeCallback(&KvServer::OnRequest, this));
        m_transport->Start(GetNode());
    }

    void StopApplication() override
    {
        m_transport->Stop();
    }

    void DoDispose() override
    {
        m_transport->Dispose(); // the transport holds the node: break the cycle
        m_transport = nullptr;
        Application::DoDispose();
    }

    void OnRequest(Ptr<SeqexMessage> message)
    {
        KvRequestHeader request;
        Ptr<Packet> p = message->GetPacket();
        if (p->GetSize() < 8 || p->RemoveHeader(request) == 0 || request.op < KvOp::Get || request.op > KvOp::Delete)
        {
            return; // not a request: dropping the message acks it
        }
        KvResponseHeader response;
        response.id = request.id;
        auto it = m_store.find(request.key);
        response.found = it != m_store.end();
        if (request.op == KvOp::Get)
        {
            response.value = response.found ? it->second : "";
            Respond(message, response); // a read answers at once
            return;
        }
        if (request.op == KvOp::Put)
        {
            m_store[request.key] = request.value;
        }
        else if (response.found)
        {
            m_store.erase(it);
        }
        // A write answers later: the message (and its answer handle) waits.
        Simulator::Schedule(m_writeDelay, &KvServer::Respond, this, message, response);
    }

    void Respond(Ptr<SeqexMessage> message, KvResponseHeader response)
    {
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(response);
        NS_ABORT_UNLESS(message->Reply(p) == SeqexAnswerStatus::Ok);
    }

    Ptr<SeqexTransport> m_transport;
    Time m_writeDelay;
    std::map<std::string, std::string> m_store;
};

// The client: a fixed script of requests over a few keys, sent as fast as
// the window takes them, each response checked against a local model.
class KvClient : public Application
{
  public:
    KvClient(Ptr<SeqexTransport> transport, uint32_t requests, uint32_t keys)
        : m_transport(transport),
          m_requests(requests),
          m_keys(keys)
    {
    }

    uint32_t Correct() const
    {
        return m_correct;
    }

    uint32_t Wrong() const
    {
        return m_wrong;
    }

    uint32_t Refusals() const
    {
        return m_refusals;
    }

  private:
    void StartApplication() override
    {
        m_transport->SetRecvCallback(MakeCallback(&KvClient::OnResponse, this));
        m_transport->SetSendCallback(MakeCallback(&KvClient::SendMore, this));
        m_transport->Start(GetNode());
        SendMore(m_transport);
    }

    void StopApplication() override
    {
        m_transport->Stop();
    }

    void DoDispose() override
    {
        m_transport->Dispose(); // the transport holds the node: break the cycle
        m_transport = nullptr;
        Application::DoDispose();
    }

    // Request i: PUT, GET, DELETE, GET in turn on key i mod keys.
    KvRequestHeader Request(uint32_t i) const
    {
        KvRequestHeader r;
        r.id = i;
        r.key = "key" + std::to_string(i % m_keys);
        static const KvOp cycle[] = {KvOp::Put, KvOp::Get, KvOp::Delete, KvOp::Get, KvOp::Put, KvOp::Get};
        r.op = cycle[(i / m_keys) % 6];
        if (r.op == KvOp::Put)
        {
            r.value = "value-" + std::to_string(i);
        }
        return r;
    }

    void SendMore(Ptr<SeqexTransport>)
    {
        while (m_next < m_requests)
        {
            KvRequestHeader r = Request(m_next);
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(r);
            SeqexSendResult sent = m_transport->Send(0, p, true);
            if (sent.status == SeqexSendStatus::WindowFull)
            {
                ++m_refusals; // the send callback calls again when room frees
                return;
            }
            NS_ABORT_MSG_UNLESS(sent.Ok(), "send failed: " << SeqexSendStatusName(sent.status));
            // What the response must say: the store as the requests before it left it.
            auto it = m_model.find(r.key);
            Expected e{it != m_model.end(), it != m_model.end() ? it->second : ""};
            if (r.op == KvOp::Put)
            {
                m_model[r.key] = r.value;
            }
            else if (r.op == KvOp::Delete)
            {
                m_model.erase(r.key);
            }
            m_expected[r.id] = (r.op == KvOp::Get) ? e : Expected{e.found, ""};
            ++m_next;
        }
    }

    void OnResponse(Ptr<SeqexMessage> message)
    {
        KvResponseHeader response;
        Ptr<Packet> p = message->GetPacket();
        bool parsed = message->IsReply() && p->GetSize() >= 7 && p->RemoveHeader(response) > 0;
        auto it = parsed ? m_expected.find(response.id) : m_expected.end();
        if (it != m_expected.end() && it->second.found == response.found && it->second.value == response.value)
        {
            ++m_correct;
        }
        else
        {
            ++m_wrong;
            std::cout << "wrong response to request " << response.id << ": found=" << response.found << " value='"
                      << response.value << "'\n";
        }
        if (it != m_expected.end())
        {
            m_expected.erase(it);
        }
        message->Ack(); // ends the exchange
        if (m_correct + m_wrong == m_requests)
        {
            Simulator::Stop(); // every request answered
        }
    }

    struct Expected
    {
        bool found;
        std::string value;
    };

    Ptr<SeqexTransport> m_transport;
    uint32_t m_requests;
    uint32_t m_keys;
    uint32_t m_next = 0;
    uint32_t m_correct = 0;
    uint32_t m_wrong = 0;
    uint32_t m_refusals = 0;
    std::map<std::string, std::string> m_model;
    std::map<uint32_t, Expected> m_expected;
};

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t requests = 200;
    uint32_t keys = 16;
    double loss = 0.1;
    uint32_t window = 8;
    std::string writeDelay = "5ms";

    CommandLine cmd(__FILE__);
    cmd.AddValue("requests", "Requests the client sends", requests);
    cmd.AddValue("keys", "Distinct keys they use", keys);
    cmd.AddValue("loss", "Packet loss rate on each direction of the link (0..1)", loss);
    cmd.AddValue("window", "SEQEX window of both peers", window);
    cmd.AddValue("writeDelay", "How long the server takes to answer a PUT or DELETE", writeDelay);
    cmd.Parse(argc, argv);
    if (loss < 0 || loss >= 1 || keys == 0 || requests == 0)
    {
        std::cerr << "seqex-kv-store: --loss must be in [0, 1), --keys and --requests above 0\n";
        return 2;
    }

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("10ms"));
    NetDeviceContainer devices = link.Install(nodes);
    for (uint32_t i = 0; i < devices.GetN() && loss > 0; ++i)
    {
        Ptr<RateErrorModel> errors = CreateObject<RateErrorModel>();
        errors->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        errors->SetAttribute("ErrorRate", DoubleValue(loss));
        devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(errors));
    }
    InternetStackHelper internet;
    internet.Install(nodes);
    Ipv4AddressHelper addresses("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);

    // One transport per node, configured toward the other.
    Ptr<SeqexTransport> transports[2];
    for (uint32_t i = 0; i < 2; ++i)
    {
        transports[i] = CreateObject<SeqexTransport>();
        transports[i]->SetAttribute("RemoteAddress", AddressValue(interfaces.GetAddress(1 - i)));
        transports[i]->SetAttribute("Window", UintegerValue(window));
    }
    Ptr<KvClient> client = CreateObject<KvClient>(transports[0], requests, keys);
    Ptr<KvServer> server = CreateObject<KvServer>(transports[1], Time(writeDelay));
    nodes.Get(0)->AddApplication(client);
    nodes.Get(1)->AddApplication(server);
    server->SetStartTime(Seconds(0));
    client->SetStartTime(MilliSeconds(1));

    Simulator::Stop(Seconds(600)); // a safety net, never reached on a working link
    Simulator::Run();

    seqex::Counters c = transports[0]->GetTotalCounters();
    seqex::Counters s = transports[1]->GetTotalCounters();
    std::cout << "requests answered correctly: " << client->Correct() << " of " << requests << " (wrong "
              << client->Wrong() << ") at t=" << Simulator::Now().As(Time::S) << "\n";
    std::cout << "retransmissions: client " << c.retransmitted << ", server " << s.retransmitted
              << "; sends refused for a full window: " << client->Refusals() << "\n";
    bool ok = client->Correct() == requests && client->Wrong() == 0;
    Simulator::Destroy();
    return ok ? 0 : 1;
}
