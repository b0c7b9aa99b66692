// Builds the two-node topology every scenario runs on: two nodes joined by a
// SeqexImpairedChannel, with point-to-point devices, the Internet stack and
// IPv4 addresses. PointToPointHelper cannot be used because it always
// creates its own channel type.
//
// The queues are explicit: Ipv4AddressHelper::Assign installs an FqCoDel
// queue disc (10,240 packets) on every device, which would hide the
// bottleneck buffer, drop packets nobody counts and schedule one UDP flow
// and N TCP flows differently. The helper removes it and installs the queue
// disc the shape asks for, or none: then each device's drop-tail queue is
// the only buffer. OnQueueDrop reports every packet either queue drops.
#ifndef SEQEX_IMPAIRED_LINK_HELPER_H
#define SEQEX_IMPAIRED_LINK_HELPER_H

#include "seqex-impaired-channel.h"

#include "ns3/data-rate.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/queue-disc.h"
#include "ns3/queue.h"

#include <functional>
#include <string>

namespace ns3
{

struct SeqexLinkShape
{
    DataRate bandwidth{"10Mbps"};
    Time delay = MilliSeconds(20); // one-way propagation delay
    uint32_t queuePackets = 100;   // DropTail device queue, per device
    std::string qdisc = "none";    // none | pfifo (FifoQueueDisc) | fq-codel (FqCoDelQueueDisc)
    uint32_t qdiscLimit = 1000;    // its MaxSize, packets
};

// What the builder made. Node 0 / device 0 / address 0 is the side whose
// transmissions go on channel direction 0.
struct SeqexImpairedLink
{
    NodeContainer nodes;
    NetDeviceContainer devices;
    Ptr<SeqexImpairedChannel> channel;
    Ipv4InterfaceContainer interfaces;

    Ptr<Queue<Packet>> deviceQueue[2];
    Ptr<QueueDisc> queueDisc[2]; // null with qdisc none

    Ipv4Address Address(uint32_t node) const
    {
        return interfaces.GetAddress(node);
    }

    // Calls `drop(frame, direction)` for every packet node `direction`'s
    // device queue, queue disc, or (with no queue disc) traffic-control
    // layer in front of a full device queue drops, as the PPP frame it would have been
    // (a queue disc holds IP packets: its drops are framed again), so the
    // owner of the packet can be found as for a drop on the channel.
    void OnQueueDrop(std::function<void(Ptr<const Packet>, uint32_t)> drop) const;
};

class SeqexImpairedLinkHelper
{
  public:
    explicit SeqexImpairedLinkHelper(const SeqexLinkShape& shape);

    // Two new nodes, linked, with the Internet stack and addresses in
    // 10.1.1.0/24. The channel's impairments are left unset (none).
    SeqexImpairedLink Install() const;

  private:
    SeqexLinkShape m_shape;
};

} // namespace ns3

#endif
