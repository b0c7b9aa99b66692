#include "seqex-wire-check.h"

#include "seqex-names.h"
#include "seqex-wire.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

namespace seqex
{
namespace wire
{

namespace
{

struct Datagram
{
    int64_t t = 0; // ns, as the capture stamped it
    std::string src;
    std::string dst;
    Bytes payload;
};

uint16_t
Be16(const uint8_t* p)
{
    return static_cast<uint16_t>(p[0] << 8 | p[1]);
}

uint32_t
Le32(const uint8_t* p, bool swap)
{
    uint32_t v;
    std::memcpy(&v, p, 4);
    return swap ? __builtin_bswap32(v) : v;
}

// The IP packet inside a frame of `linkType`, or nullptr.
const uint8_t*
IpOf(uint32_t linkType, const uint8_t* f, size_t n, size_t& ipLen)
{
    size_t off = 0;
    switch (linkType)
    {
    case 1: { // Ethernet
        if (n < 14)
            return nullptr;
        uint16_t type = Be16(f + 12);
        off = 14;
        if (type == 0x8100 && n >= 18)
        {
            type = Be16(f + 16);
            off = 18;
        }
        if (type != 0x0800 && type != 0x86dd)
            return nullptr;
        break;
    }
    case 9: { // PPP (ns-3 writes the 2-byte protocol only; others add ff 03)
        if (n >= 2 && f[0] == 0xff && f[1] == 0x03)
            off = 2;
        if (n < off + 2)
            return nullptr;
        uint16_t proto = Be16(f + off);
        if (proto != 0x0021 && proto != 0x0057)
            return nullptr;
        off += 2;
        break;
    }
    case 113: // Linux cooked
        if (n < 16 || (Be16(f + 14) != 0x0800 && Be16(f + 14) != 0x86dd))
            return nullptr;
        off = 16;
        break;
    case 101: // raw IP
    case 12:
    case 14:
        break;
    default:
        return nullptr;
    }
    ipLen = n - off;
    return f + off;
}

std::string
Ip4(const uint8_t* p)
{
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, p, buf, sizeof buf);
    return buf;
}

std::string
Ip6(const uint8_t* p)
{
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, p, buf, sizeof buf);
    return buf;
}

// Reads every UDP datagram to or from `port`; "" or what is wrong.
std::string
ReadCapture(const std::string& file, uint16_t port, std::vector<Datagram>& out, uint64_t& fragments)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
    {
        return "cannot read the capture " + file;
    }
    uint8_t gh[24];
    if (!in.read(reinterpret_cast<char*>(gh), 24))
    {
        return file + ": shorter than a pcap header";
    }
    uint32_t magic;
    std::memcpy(&magic, gh, 4);
    bool swap = false;
    bool nanos = false;
    if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
    {
        nanos = magic == 0xa1b23c4d;
    }
    else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
    {
        swap = true;
        nanos = magic == 0x4d3cb2a1;
    }
    else
    {
        return file + ": not a pcap file (pcapng is not read: convert it with editcap -F pcap)";
    }
    uint32_t linkType = Le32(gh + 20, swap);
    if (linkType != 1 && linkType != 9 && linkType != 113 && linkType != 101 && linkType != 12 && linkType != 14)
    {
        return file + ": link type " + std::to_string(linkType) + " is not read (Ethernet, PPP, Linux cooked, raw IP)";
    }
    uint8_t rh[16];
    std::vector<uint8_t> frame;
    while (in.read(reinterpret_cast<char*>(rh), 16))
    {
        uint32_t sec = Le32(rh, swap);
        uint32_t frac = Le32(rh + 4, swap);
        uint32_t incl = Le32(rh + 8, swap);
        if (incl > (1u << 20))
        {
            return file + ": a record claims " + std::to_string(incl) + " bytes: the file is damaged";
        }
        frame.resize(incl);
        if (!in.read(reinterpret_cast<char*>(frame.data()), incl))
        {
            return file + ": the last record is cut short";
        }
        size_t ipLen = 0;
        const uint8_t* ip = IpOf(linkType, frame.data(), frame.size(), ipLen);
        if (ip == nullptr || ipLen < 1)
        {
            continue;
        }
        Datagram d;
        d.t = int64_t(sec) * 1000000000 + int64_t(frac) * (nanos ? 1 : 1000);
        const uint8_t* udp = nullptr;
        size_t udpAvail = 0;
        if ((ip[0] >> 4) == 4 && ipLen >= 20)
        {
            size_t ihl = size_t(ip[0] & 15) * 4;
            if (ip[9] != 17 || ihl < 20 || ipLen < ihl + 8)
                continue;
            uint16_t fragField = Be16(ip + 6);
            if ((fragField & 0x3fff) != 0) // MF set or an offset: not a whole datagram
            {
                ++fragments;
                continue;
            }
            d.src = Ip4(ip + 12);
            d.dst = Ip4(ip + 16);
            udp = ip + ihl;
            udpAvail = std::min<size_t>(ipLen, Be16(ip + 2)) - ihl;
        }
        else if ((ip[0] >> 4) == 6 && ipLen >= 48)
        {
            if (ip[6] != 17)
                continue;
            d.src = Ip6(ip + 8);
            d.dst = Ip6(ip + 24);
            udp = ip + 40;
            udpAvail = ipLen - 40;
        }
        else
        {
            continue;
        }
        if (Be16(udp) != port && Be16(udp + 2) != port)
        {
            continue;
        }
        size_t udpLen = std::min<size_t>(Be16(udp + 4), udpAvail);
        if (udpLen < 8)
        {
            continue;
        }
        d.payload.assign(udp + 8, udp + udpLen);
        out.push_back(std::move(d));
    }
    return "";
}

std::string
Seconds(int64_t ns, int64_t origin)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", double(ns - origin) / 1e9);
    return buf;
}

} // namespace

CheckReport
CheckCaptures(const std::vector<Capture>& captures, const CheckOptions& o)
{
    CheckReport r;
    if (captures.size() != 2 || captures[0].local == captures[1].local)
    {
        r.error = "two captures are needed, one taken next to each host (FILE:IP, distinct IPs)";
        return r;
    }
    std::vector<Datagram> dg[2];
    uint64_t fragments = 0;
    for (int h = 0; h < 2; ++h)
    {
        r.error = ReadCapture(captures[h].file, o.port, dg[h], fragments);
        if (!r.error.empty())
        {
            return r;
        }
    }
    int64_t origin = INT64_MAX;
    for (const auto& list : dg)
    {
        for (const Datagram& d : list)
        {
            origin = std::min(origin, d.t);
        }
    }
    std::map<std::string, size_t> listed;
    auto problem = [&](const std::string& kind, const std::string& line) {
        if (listed[kind]++ < o.maxListed)
        {
            r.problems.push_back(line);
        }
    };

    using Key = std::pair<uint16_t, Seq>; // channel, seq of the sender's data packet
    std::set<Key> answeredBy[2];          // by host h's sends: packets of the other host it answered
    std::map<Key, std::vector<std::pair<int64_t, PacketKind>>> sends[2];
    // When host h's packet was certainly resolved: an Ack naming it arrived
    // (Acks are taken whatever the window, R7); or a Reply naming it
    // arrived and h then answered that reply, proof that h accepted it (a
    // reply beyond h's receive window is dropped, R2, and resolves nothing).
    std::map<Key, std::pair<int64_t, PacketKind>> resolvedAt[2];
    std::map<Key, Key> resolvingReply[2];                      // (channel, reply seq) -> h's packet it names
    std::vector<std::pair<int64_t, Key>> answersSent[2];       // h's Acks and Replies: (time, what they name)
    for (int h = 0; h < 2; ++h)
    {
        const std::string& me = captures[h].local;
        const std::string& peer = captures[1 - h].local;
        HostCounts c;
        c.ip = me;
        for (const Datagram& d : dg[h])
        {
            bool sent = d.src == me && d.dst == peer;
            bool received = d.src == peer && d.dst == me;
            if (!sent && !received)
            {
                continue;
            }
            DecodedDatagram x = DecodeDatagram(d.payload.data(), d.payload.size());
            if (x.error != DecodeError::None)
            {
                if (sent)
                {
                    ++c.malformed;
                    ++r.malformed;
                    problem("malformed", "host " + me + " sent a malformed datagram at " + Seconds(d.t, origin) +
                                             " s (" + DecodeErrorName(x.error) + ", " +
                                             std::to_string(d.payload.size()) + " bytes)");
                }
                continue;
            }
            const WireHeader& w = x.header;
            if (sent)
            {
                ++c.datagrams;
                if (IsDataKind(w.kind))
                {
                    sends[h][{w.channel, w.seq}].push_back({d.t, w.kind});
                }
                else
                {
                    ++c.acks;
                }
                if (!IsDataKind(w.kind) || IsReplyKind(w.kind))
                {
                    answeredBy[h].insert({w.channel, w.re});
                    answersSent[h].push_back({d.t, {w.channel, w.re}});
                }
            }
            else if (!IsDataKind(w.kind))
            {
                Key k{w.channel, w.re};
                if (!resolvedAt[h].count(k) || d.t < resolvedAt[h][k].first)
                {
                    resolvedAt[h][k] = {d.t, w.kind};
                }
            }
            else if (IsReplyKind(w.kind))
            {
                resolvingReply[h][{w.channel, w.seq}] = {w.channel, w.re};
            }
        }
        for (const auto& [t, named] : answersSent[h])
        {
            auto it = resolvingReply[h].find(named);
            if (it == resolvingReply[h].end())
            {
                continue;
            }
            auto at = resolvedAt[h].find(it->second);
            if (at == resolvedAt[h].end() || t < at->second.first)
            {
                resolvedAt[h][it->second] = {t, PacketKind::Reply};
            }
        }
        for (const auto& [k, times] : sends[h])
        {
            ++c.dataPackets;
            c.retransmissions += times.size() - 1;
        }
        r.hosts.push_back(c);
    }

    for (int h = 0; h < 2; ++h)
    {
        const std::string& me = captures[h].local;
        for (const auto& [k, times] : sends[h])
        {
            std::string id = "host " + me + " channel " + std::to_string(k.first) + ": " +
                             Label(times.front().second) + " seq " + std::to_string(k.second);
            if (!answeredBy[1 - h].count(k))
            {
                ++r.unanswered;
                problem("unanswered", id + " (first sent at " + Seconds(times.front().first, origin) +
                                          " s) was never answered by an Ack or a Reply");
            }
            auto res = resolvedAt[h].find(k);
            if (res == resolvedAt[h].end())
            {
                continue;
            }
            for (const auto& [t, kind] : times)
            {
                if (t <= res->second.first)
                {
                    continue;
                }
                char late[32];
                std::snprintf(late, sizeof late, "%.3f", double(t - res->second.first) / 1e6);
                if (t - res->second.first <= o.graceNs)
                {
                    ++r.races;
                    continue;
                }
                ++r.afterResolution;
                problem("after", id + " was sent again at " + Seconds(t, origin) + " s, " + late + " ms after " +
                                     (res->second.second == PacketKind::Ack
                                          ? std::string("an Ack naming it reached it")
                                          : std::string("it answered a Reply naming it")));
            }
        }
    }
    if (fragments > 0)
    {
        r.problems.push_back(std::to_string(fragments) + " IP fragments were not checked (datagrams above the MTU)");
    }
    return r;
}

std::string
DescribeReport(const CheckReport& r)
{
    if (!r.error.empty())
    {
        return "wire check: " + r.error + "\n";
    }
    std::ostringstream os;
    os << "wire check: " << (r.Ok() ? "ok" : "FAILED") << ": malformed " << r.malformed << ", unanswered "
       << r.unanswered << ", sent again after resolution " << r.afterResolution << " (races within grace " << r.races
       << ")\n";
    for (const HostCounts& h : r.hosts)
    {
        os << "  " << h.ip << ": " << h.datagrams << " datagrams, " << h.dataPackets << " data packets, "
           << h.retransmissions << " retransmissions, " << h.acks << " acks\n";
    }
    for (const std::string& p : r.problems)
    {
        os << "  " << p << "\n";
    }
    return os.str();
}

std::string
ReportJson(const CheckReport& r)
{
    auto str = [](const std::string& s) {
        std::string o = "\"";
        for (char c : s)
        {
            if (c == '"' || c == '\\')
                o += '\\';
            o += c;
        }
        return o + "\"";
    };
    std::ostringstream os;
    os << "{\"ok\": " << (r.Ok() ? "true" : "false") << ", \"error\": " << str(r.error)
       << ", \"malformed\": " << r.malformed << ", \"unanswered\": " << r.unanswered
       << ", \"after_resolution\": " << r.afterResolution << ", \"races\": " << r.races << ", \"hosts\": [";
    for (size_t i = 0; i < r.hosts.size(); ++i)
    {
        const HostCounts& h = r.hosts[i];
        os << (i ? ", " : "") << "{\"ip\": " << str(h.ip) << ", \"datagrams\": " << h.datagrams
           << ", \"data_packets\": " << h.dataPackets << ", \"retransmissions\": " << h.retransmissions
           << ", \"acks\": " << h.acks << ", \"malformed\": " << h.malformed << "}";
    }
    os << "], \"problems\": [";
    for (size_t i = 0; i < r.problems.size(); ++i)
    {
        os << (i ? ", " : "") << str(r.problems[i]);
    }
    os << "]}";
    return os.str();
}

} // namespace wire
} // namespace seqex
