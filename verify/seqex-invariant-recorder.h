// SeqexInvariantRecorder: records what two SeqexApplications configured
// toward each other do into one seqex::InvariantChecker per channel (SPEC
// §7), through their trace sources. Peer 0 is `a`, peer 1 is `b`.
//
// Create it after installing the applications and before Simulator::Run();
// it must outlive the run (the trace sinks point to it).
#ifndef SEQEX_INVARIANT_RECORDER_H
#define SEQEX_INVARIANT_RECORDER_H

#include "ns3/ptr.h"
#include "ns3/seqex-application.h"
#include "seqex-invariant-checker.h"

#include <string>
#include <vector>

namespace ns3
{

class SeqexInvariantRecorder
{
  public:
    // Reads Channels and InitialSeq from the applications' attributes
    // (they must agree).
    SeqexInvariantRecorder(Ptr<SeqexApplication> a, Ptr<SeqexApplication> b);

    SeqexInvariantRecorder(const SeqexInvariantRecorder&) = delete;
    SeqexInvariantRecorder& operator=(const SeqexInvariantRecorder&) = delete;

    uint16_t GetChannelCount() const;
    const seqex::InvariantChecker& GetChecker(uint16_t channel) const;

    // Invariants 1-3 over every channel; each line starts "channel <c>: ".
    std::vector<std::string> CheckSafety() const;
    // Invariant 4 over every channel (once the network healed and both
    // peers went quiet).
    std::vector<std::string> CheckLiveness() const;
    // Exchanges that ended with an Ack both sides saw, over every channel.
    uint64_t CompletedExchanges() const;

  private:
    void Connect(Ptr<SeqexApplication> app, int peer);
    seqex::InvariantChecker& At(uint16_t channel);

    std::vector<seqex::InvariantChecker> m_checkers;
};

} // namespace ns3

#endif
