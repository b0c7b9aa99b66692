#include "seqex-impaired-link-helper.h"

#include "ns3/drop-tail-queue.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/ipv4-queue-disc-item.h"
#include "ns3/ppp-header.h"
#include "ns3/queue-size.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/traffic-control-layer.h"

namespace ns3
{

SeqexImpairedLinkHelper::SeqexImpairedLinkHelper(const SeqexLinkShape& shape)
    : m_shape(shape)
{
}

SeqexImpairedLink
SeqexImpairedLinkHelper::Install() const
{
    SeqexImpairedLink link;
    link.nodes.Create(2);
    link.channel = CreateObject<SeqexImpairedChannel>();
    link.channel->SetAttribute("Delay", TimeValue(m_shape.delay));

    // As PointToPointHelper::Install does, with our channel instead.
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<PointToPointNetDevice> dev = CreateObject<PointToPointNetDevice>();
        dev->SetAddress(Mac48Address::Allocate());
        dev->SetDataRate(m_shape.bandwidth);
        link.nodes.Get(i)->AddDevice(dev);
        Ptr<Queue<Packet>> queue = CreateObject<DropTailQueue<Packet>>();
        link.deviceQueue[i] = queue;
        queue->SetMaxSize(QueueSize(QueueSizeUnit::PACKETS, m_shape.queuePackets));
        dev->SetQueue(queue);
        dev->Attach(link.channel);
        // Flow control between the queue and the traffic-control layer.
        Ptr<NetDeviceQueueInterface> ndqi = CreateObject<NetDeviceQueueInterface>();
        ndqi->GetTxQueue(0)->ConnectQueueTraces(queue);
        dev->AggregateObject(ndqi);
        link.devices.Add(dev);
    }

    InternetStackHelper stack;
    stack.Install(link.nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.1.0", "255.255.255.0");
    link.interfaces = addresses.Assign(link.devices);

    TrafficControlHelper tc;
    tc.Uninstall(link.devices); // Assign's FqCoDel
    if (m_shape.qdisc != "none")
    {
        QueueSize limit(QueueSizeUnit::PACKETS, m_shape.qdiscLimit);
        if (m_shape.qdisc == "pfifo")
        {
            tc.SetRootQueueDisc("ns3::FifoQueueDisc", "MaxSize", QueueSizeValue(limit));
        }
        else
        {
            NS_ABORT_MSG_UNLESS(m_shape.qdisc == "fq-codel", "unknown qdisc " << m_shape.qdisc);
            tc.SetRootQueueDisc("ns3::FqCoDelQueueDisc", "MaxSize", QueueSizeValue(limit));
        }
        QueueDiscContainer discs = tc.Install(link.devices);
        link.queueDisc[0] = discs.Get(0);
        link.queueDisc[1] = discs.Get(1);
    }
    return link;
}

namespace
{

// Relays one node's queue drops to the caller's function (a member-function
// callback, as every ns-3 version accepts).
class QueueDropRelay : public SimpleRefCount<QueueDropRelay>
{
  public:
    QueueDropRelay(std::function<void(Ptr<const Packet>, uint32_t)> drop, uint32_t direction)
        : m_drop(std::move(drop)),
          m_direction(direction)
    {
    }

    void DeviceDrop(Ptr<const Packet> frame)
    {
        m_drop(frame, m_direction);
    }

    // With no queue disc, the traffic-control layer drops what the device
    // queue, full and so stopped, cannot take (an IP packet).
    void LayerDrop(Ptr<const Packet> ip)
    {
        Ptr<Packet> frame = ip->Copy();
        PppHeader ppp;
        ppp.SetProtocol(0x0021); // IPv4
        frame->AddHeader(ppp);
        m_drop(frame, m_direction);
    }

    void DiscDrop(Ptr<const QueueDiscItem> item)
    {
        Ptr<Packet> frame = item->GetPacket()->Copy();
        if (Ptr<const Ipv4QueueDiscItem> ip = DynamicCast<const Ipv4QueueDiscItem>(item))
        {
            frame->AddHeader(ip->GetHeader());
        }
        PppHeader ppp;
        ppp.SetProtocol(0x0021); // IPv4
        frame->AddHeader(ppp);
        m_drop(frame, m_direction);
    }

  private:
    std::function<void(Ptr<const Packet>, uint32_t)> m_drop;
    uint32_t m_direction;
};

} // namespace

void
SeqexImpairedLink::OnQueueDrop(std::function<void(Ptr<const Packet>, uint32_t)> drop) const
{
    for (uint32_t d = 0; d < 2; ++d)
    {
        Ptr<QueueDropRelay> relay = Create<QueueDropRelay>(drop, d);
        deviceQueue[d]->TraceConnectWithoutContext("Drop", MakeCallback(&QueueDropRelay::DeviceDrop, relay));
        nodes.Get(d)->GetObject<TrafficControlLayer>()->TraceConnectWithoutContext(
            "TcDrop",
            MakeCallback(&QueueDropRelay::LayerDrop, relay));
        if (queueDisc[d])
        {
            queueDisc[d]->TraceConnectWithoutContext("Drop", MakeCallback(&QueueDropRelay::DiscDrop, relay));
        }
    }
}

} // namespace ns3
