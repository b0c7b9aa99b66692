#include "seqex-impaired-link-helper.h"

#include "ns3/drop-tail-queue.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/mac48-address.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue-size.h"

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
    return link;
}

} // namespace ns3
