#include "seqex-example-service.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace seqex
{
namespace udp
{
namespace example
{

std::optional<ServiceRequest>
DecodeRequest(const Bytes& data)
{
    std::istringstream in(ToString(data));
    std::string req;
    std::string wait;
    ServiceRequest r;
    if (!(in >> req >> r.id >> wait >> r.waitMs) || req != "req" || wait != "wait")
    {
        return std::nullopt;
    }
    std::string tail;
    if (in >> tail)
    {
        if (tail != "ack")
        {
            return std::nullopt;
        }
        r.wantsAck = true;
    }
    return r;
}

std::string
CheckOutcome(const ServiceRequest& r, const Outcome& o)
{
    std::string id = "request " + std::to_string(r.id);
    switch (o.kind)
    {
    case OutcomeKind::Failed:
        return id + " failed: " + o.error;
    case OutcomeKind::Acked:
        return r.wantsAck ? "" : id + " was acked, a reply was due";
    case OutcomeKind::Reply:
        if (r.wantsAck)
        {
            return id + " got a reply ('" + ToString(o.data) + "'), an Ack was due";
        }
        if (o.data != ExpectedReply(r))
        {
            return id + " got the reply '" + ToString(o.data) + "' (another request's?)";
        }
        if (o.sent != EncodeRequest(r))
        {
            return id + ": the reply names what we sent as '" + ToString(o.sent) + "'";
        }
        return "";
    }
    return id + ": unknown outcome";
}

namespace
{

void
Usage(const char* program)
{
    std::fprintf(stderr,
                 "usage: %s serve   --local IP:PORT --remote CLIENT_IP:0 [--port-file F] [options]\n"
                 "       %s request --local IP:PORT --remote IP:PORT [--count N] [--concurrency K] "
                 "[--timeout S] [options]\n"
                 "options: --channels N (2) --loss P (0: fraction of our datagrams dropped) --seed S (1) "
                 "--resend-ms MS (50)\n",
                 program,
                 program);
}

template <typename T>
bool
ParseNumber(const std::string& flag, const char* text, T& out)
{
    std::istringstream in(text);
    T v;
    if (!(in >> v) || !in.eof())
    {
        std::fprintf(stderr, "%s: '%s' is not a valid number\n", flag.c_str(), text);
        return false;
    }
    out = v;
    return true;
}

} // namespace

std::optional<ExampleOptions>
ParseExampleOptions(int argc, char** argv, const char* program)
{
    ExampleOptions o;
    if (argc < 2 || (std::strcmp(argv[1], "serve") != 0 && std::strcmp(argv[1], "request") != 0))
    {
        Usage(program);
        return std::nullopt;
    }
    o.mode = argv[1];
    for (int i = 2; i < argc; ++i)
    {
        std::string flag = argv[i];
        if (i + 1 >= argc)
        {
            std::fprintf(stderr, "%s needs a value\n", flag.c_str());
            Usage(program);
            return std::nullopt;
        }
        const char* v = argv[++i];
        bool ok = true;
        if (flag == "--local")
            o.local = v;
        else if (flag == "--remote")
            o.remote = v;
        else if (flag == "--port-file")
            o.portFile = v;
        else if (flag == "--channels")
            ok = ParseNumber(flag, v, o.channels) && o.channels > 0;
        else if (flag == "--count")
            ok = ParseNumber(flag, v, o.count);
        else if (flag == "--concurrency")
            ok = ParseNumber(flag, v, o.concurrency) && o.concurrency > 0;
        else if (flag == "--loss")
            ok = ParseNumber(flag, v, o.loss) && o.loss >= 0 && o.loss < 1;
        else if (flag == "--seed")
            ok = ParseNumber(flag, v, o.seed);
        else if (flag == "--timeout")
            ok = ParseNumber(flag, v, o.timeoutS) && o.timeoutS > 0;
        else if (flag == "--resend-ms")
            ok = ParseNumber(flag, v, o.resendMs) && o.resendMs > 0;
        else
        {
            std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
            ok = false;
        }
        if (!ok)
        {
            std::fprintf(stderr, "bad value for %s: '%s'\n", flag.c_str(), v);
            Usage(program);
            return std::nullopt;
        }
    }
    if (o.local.empty() || o.remote.empty())
    {
        std::fprintf(stderr, "--local and --remote are required\n");
        Usage(program);
        return std::nullopt;
    }
    return o;
}

PeerOptions
MakePeerOptions(const ExampleOptions& o, std::mt19937& rng)
{
    PeerOptions p;
    p.local = o.local;
    p.remote = o.remote;
    p.channels = o.channels;
    p.config.resendIntervalMs = o.resendMs;
    if (o.loss > 0)
    {
        double loss = o.loss;
        p.sendFilter = [&rng, loss](const uint8_t*, size_t) {
            return std::uniform_real_distribution<double>(0, 1)(rng) >= loss;
        };
    }
    return p;
}

bool
WritePortFile(const std::string& path, uint16_t port)
{
    if (path.empty())
    {
        return true;
    }
    // Written whole under another name, then renamed: a reader never sees half.
    std::string tmp = path + ".tmp";
    {
        std::ofstream f(tmp);
        f << port << "\n";
        if (!f)
        {
            std::fprintf(stderr, "cannot write the port file %s\n", tmp.c_str());
            return false;
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
    {
        std::fprintf(stderr, "cannot rename %s to %s: %s\n", tmp.c_str(), path.c_str(), std::strerror(errno));
        return false;
    }
    return true;
}

} // namespace example
} // namespace udp
} // namespace seqex
