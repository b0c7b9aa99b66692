// A point-to-point channel that impairs what it carries, per direction:
// Bernoulli and Gilbert-Elliott loss, duplication, reordering by extra delay,
// extra latency and jitter, plus timed blackholes and link outages.
//
// It knows nothing about SEQEX: any ns-3 traffic (UDP, TCP) crosses it alike,
// which is what makes the TCP baseline comparable. Every random decision
// draws from its own seeded stream (AssignStreams), so a run replays exactly
// and changing one impairment does not shift the draws of another.
#ifndef SEQEX_IMPAIRED_CHANNEL_H
#define SEQEX_IMPAIRED_CHANNEL_H

#include "ns3/nstime.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{


// Stochastic impairments of one direction of the link. All probabilities are
// in [0, 1]; ValidateImpairment() says which field is not.
struct SeqexLinkImpairment
{
    double loss = 0.0; // Bernoulli loss probability per packet
    // Gilbert-Elliott loss: a two-state Markov chain stepped once per packet
    // (transition first, then the loss draw of the new state). Mean burst
    // length in the bad state is 1/geR packets; the long-run loss rate is
    // (geP * geBadLoss + geR * geGoodLoss) / (geP + geR). Off when geP == 0.
    double geP = 0.0;        // good -> bad
    double geR = 1.0;        // bad -> good
    double geBadLoss = 1.0;  // loss probability in the bad state
    double geGoodLoss = 0.0; // loss probability in the good state
    double duplicate = 0.0;  // probability a packet is delivered twice
    // Reordering: with this probability a packet is held back reorderDelay
    // longer than the packets around it, so later packets overtake it.
    double reorder = 0.0;
    Time reorderDelay = MilliSeconds(20);
    // Extra latency: each packet is delayed by a further uniform [0, jitter].
    // Jitter keeps the direction FIFO (a packet never overtakes an earlier
    // one because of jitter); reordering is the separate impairment above.
    Time jitter = Seconds(0);
};

// Empty when usable; otherwise the first offending field and its value.
std::string ValidateImpairment(const SeqexLinkImpairment& imp);

// Why the channel dropped a packet (Drop trace source, counters).
enum class SeqexDropReason : uint8_t
{
    Loss,      // Bernoulli
    BurstLoss, // Gilbert-Elliott
    Blackhole, // a blackhole period covered the direction
    LinkDown,  // the link was down at sending time, or went down in flight
};

const char* SeqexDropReasonName(SeqexDropReason r);

// Per-direction counters. Direction 0 carries what the first attached
// device sends, direction 1 the second's.
struct SeqexChannelCounters
{
    uint64_t txPackets = 0; // handed to the channel by the sending device
    uint64_t txBytes = 0;   // their size on the wire (PPP frame)
    uint64_t delivered = 0; // handed to the receiving device, duplicates included
    uint64_t lost = 0;
    uint64_t burstLost = 0;
    uint64_t blackholed = 0;
    uint64_t linkDownDropped = 0;
    uint64_t duplicated = 0;
    uint64_t reordered = 0;
};

class SeqexImpairedChannel : public PointToPointChannel
{
  public:
    static TypeId GetTypeId();

    SeqexImpairedChannel();

    // Sets the impairment of one direction (0 or 1), or of both.
    void SetImpairment(uint32_t direction, const SeqexLinkImpairment& imp);
    void SetImpairment(const SeqexLinkImpairment& imp);
    const SeqexLinkImpairment& GetImpairment(uint32_t direction) const;

    // Stochastic impairments apply only while start <= now < stop (the
    // scenario stops impairing before its end so that liveness can be
    // checked on a healed network). Default: always.
    void SetImpairmentWindow(Time start, Time stop);

    // Drops everything sent in [start, stop) on the chosen directions;
    // packets already on the wire still arrive.
    void AddBlackhole(Time start, Time stop, bool direction0, bool direction1);

    // The link goes down at `start` and up at `stop`: packets sent meanwhile
    // are lost, and so is every packet on the wire when it goes down.
    void AddLinkDown(Time start, Time stop);

    bool IsLinkDown() const;

    const SeqexChannelCounters& GetCounters(uint32_t direction) const;

    // Assigns fixed streams to every random variable; returns how many.
    int64_t AssignStreams(int64_t stream);

    bool TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime) override;

    typedef void (*DropTracedCallback)(Ptr<const Packet> packet,
                                       uint32_t direction,
                                       SeqexDropReason reason);

  private:
    struct Period
    {
        Time start;
        Time stop;
        bool direction[2];
    };

    struct Direction
    {
        SeqexLinkImpairment imp;
        bool geBad = false;
        Time lastArrival; // FIFO bound for jitter
        SeqexChannelCounters counters;
        Ptr<UniformRandomVariable> lossRv;
        Ptr<UniformRandomVariable> geRv;
        Ptr<UniformRandomVariable> dupRv;
        Ptr<UniformRandomVariable> reorderRv;
        Ptr<UniformRandomVariable> jitterRv;
    };

    bool Impairing() const;
    bool InBlackhole(uint32_t direction) const;
    // Returns true when the packet is lost to a stochastic impairment.
    bool DrawLoss(Direction& d, SeqexDropReason& reason);
    void Drop(Ptr<const Packet> p, uint32_t direction, SeqexDropReason reason);
    void Deliver(uint32_t direction, Ptr<Packet> p, uint64_t epoch);
    void GoDown();
    void GoUp();

    Direction m_dir[2];
    Time m_impairStart;
    Time m_impairStop;
    std::vector<Period> m_blackholes;
    // Link outages: a counter, since outages may overlap; the epoch tags
    // packets on the wire so that those caught by an outage are dropped.
    uint32_t m_downCount = 0;
    uint64_t m_epoch = 0;

    TracedCallback<Ptr<const Packet>, uint32_t, SeqexDropReason> m_dropTrace;
};

} // namespace ns3

#endif
