// The request/response service both C++ examples (callback and coroutine
// API) and the Python asyncio example speak, so any client works with any
// service:
//   request  "req <id> wait <ms>"       -> after <ms>, reply "rep <id>"
//   request  "req <id> wait <ms> ack"   -> after <ms>, an Ack (no reply)
// The client gives later requests shorter waits, so replies come back out
// of order and each must still reach the request it answers. Also the
// command line both C++ examples share.
#ifndef SEQEX_EXAMPLE_SERVICE_H
#define SEQEX_EXAMPLE_SERVICE_H

#include "seqex-udp-peer.h"

#include <cstdint>
#include <optional>
#include <random>
#include <string>

namespace seqex
{
namespace udp
{
namespace example
{

struct ServiceRequest
{
    uint64_t id = 0;
    uint32_t waitMs = 0;
    bool wantsAck = false;
};

inline Bytes
ToBytes(const std::string& s)
{
    return Bytes(s.begin(), s.end());
}

inline std::string
ToString(const Bytes& b)
{
    return std::string(b.begin(), b.end());
}

// The i-th of `count` requests the example client sends.
inline ServiceRequest
NthRequest(uint64_t i, uint64_t count)
{
    return {i, static_cast<uint32_t>(((count - i) % 7) * 3), i % 5 == 4};
}

inline Bytes
EncodeRequest(const ServiceRequest& r)
{
    return ToBytes("req " + std::to_string(r.id) + " wait " + std::to_string(r.waitMs) + (r.wantsAck ? " ack" : ""));
}

// nullopt for anything that is not a request of this service.
std::optional<ServiceRequest> DecodeRequest(const Bytes& data);

inline Bytes
ExpectedReply(const ServiceRequest& r)
{
    return ToBytes("rep " + std::to_string(r.id));
}

// What a client checks about one outcome: "" when it is right, otherwise
// what is wrong with it.
std::string CheckOutcome(const ServiceRequest& r, const Outcome& o);

struct ExampleOptions
{
    std::string mode; // serve | request
    std::string local;
    std::string remote;
    std::string portFile; // serve: write the bound port here once listening
    uint16_t channels = 2;
    uint64_t count = 200;
    uint32_t concurrency = 32;
    double loss = 0;      // fraction of our datagrams dropped before sending (both modes)
    uint32_t seed = 1;
    double timeoutS = 30; // request: give up after this long
    uint32_t resendMs = 50;
};

// Parses argv; on a bad command line prints what is wrong and the usage,
// and returns nullopt.
std::optional<ExampleOptions> ParseExampleOptions(int argc, char** argv, const char* program);

// PeerOptions for these options (a loss filter when --loss is set).
PeerOptions MakePeerOptions(const ExampleOptions& o, std::mt19937& rng);

// Serve mode, once the peer is bound: writes the port file.
bool WritePortFile(const std::string& path, uint16_t port);

} // namespace example
} // namespace udp
} // namespace seqex

#endif
