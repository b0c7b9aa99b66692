// Black-box checks of a SEQEX conversation from packet captures alone: no
// adapter, no log, so any implementation that speaks wire format v1 over
// UDP can be judged by what it put on the wire.
//
// Input: pcap files (microsecond or nanosecond; link types Ethernet, PPP,
// Linux cooked, raw IPv4/IPv6), each taken next to one host (`local`): it
// holds what that host sent before the network touched it and what reached
// it. Every UDP datagram to or from `port` between the two hosts is decoded
// with the codec (seqex-wire.h). Checks:
//   malformed    a datagram that does not decode (the codec's reason)
//   unanswered   a data packet (P, PC, R, RC) of one host for which no
//                capture shows the other host's Ack or Reply naming it
//   after-resolution
//                a host sent a data packet again after its capture proves
//                the packet resolved: an Ack naming it arrived (Acks are
//                taken whatever the window), or the host answered a Reply
//                naming it (so it had accepted that reply; one beyond its
//                receive window is dropped and resolves nothing, so a
//                Reply's arrival alone proves nothing). Sends within
//                `grace` of that moment are counted apart as races
//                (decided before the answer was read)
// plus counts per host and channel (data packets, retransmissions, acks).
#ifndef SEQEX_WIRE_CHECK_H
#define SEQEX_WIRE_CHECK_H

#include <cstdint>
#include <string>
#include <vector>

namespace seqex
{
namespace wire
{

struct Capture
{
    std::string file;
    std::string local; // IP address of the host the capture was taken next to
};

struct CheckOptions
{
    uint16_t port = 9000;
    // A host's capture stamps an answer when it reaches the host, not when
    // the program reads it: a resend the program decided before reading it
    // can leave up to a scheduling delay later. 50 ms is far below a resend
    // interval (250 ms by default), so a program that ignores an answer is
    // still caught at its next resend.
    int64_t graceNs = 50000000;
    size_t maxListed = 20;     // problems listed per kind; the rest are counted
};

struct HostCounts
{
    std::string ip;
    uint64_t datagrams = 0;       // sent (as seen in any capture, each once)
    uint64_t dataPackets = 0;     // distinct (channel, seq) data packets sent
    uint64_t retransmissions = 0; // data packet transmissions beyond the first (local capture)
    uint64_t acks = 0;
    uint64_t malformed = 0;
};

struct CheckReport
{
    std::vector<HostCounts> hosts; // two
    uint64_t malformed = 0;
    uint64_t unanswered = 0;
    uint64_t afterResolution = 0;
    uint64_t races = 0;            // within the grace window
    std::vector<std::string> problems; // one line each, the first maxListed of each kind
    std::string error;             // a capture could not be read (nothing else is set)

    bool Ok() const
    {
        return error.empty() && malformed == 0 && unanswered == 0 && afterResolution == 0;
    }
};

CheckReport CheckCaptures(const std::vector<Capture>& captures, const CheckOptions& options);

std::string DescribeReport(const CheckReport& r);
std::string ReportJson(const CheckReport& r);

} // namespace wire
} // namespace seqex

#endif
