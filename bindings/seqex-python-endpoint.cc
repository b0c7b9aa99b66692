// Python view of the core's byte form: Endpoint<Bytes, Bytes>, its answer
// handles and deliveries, and the wire codec. Refusals become exceptions.
#include "seqex-python.h"

#include "seqex-endpoint.h"
#include "seqex-wire.h"

#include <pybind11/stl.h>

#include <memory>
#include <string>

namespace py = pybind11;

namespace seqex
{
namespace python
{
namespace
{

using ByteEndpoint = Endpoint<Bytes, Bytes>;
using ByteAnswer = Answer<Bytes, Bytes>;

Bytes
ToBytes(const py::bytes& b)
{
    std::string s = b;
    return Bytes(s.begin(), s.end());
}

py::bytes
FromBytes(const Bytes& b)
{
    return py::bytes(reinterpret_cast<const char*>(b.data()), b.size());
}

void
CheckDataSize(const Bytes& data)
{
    if (data.size() > kMaxDataSize)
    {
        throw py::value_error("data is " + std::to_string(data.size()) +
                              " bytes; one datagram carries at most " +
                              std::to_string(kMaxDataSize));
    }
}

// Owns the endpoint; Answer handles keep it alive through `owner`.
struct PyEndpoint
{
    explicit PyEndpoint(const Config& c)
        : endpoint(c)
    {
    }

    ByteEndpoint endpoint;
};

// An answer handle. Python has no deterministic destruction, so the handle
// acks when it is garbage-collected or when the endpoint is closed over it.
struct PyAnswer
{
    py::object owner; // the PyEndpoint; declared first so it outlives `answer`
    ByteAnswer answer;

    void Ack()
    {
        AnswerStatus s = answer.Ack();
        if (s != AnswerStatus::Ok)
        {
            throw AnswerError(std::string("ack refused: ") + AnswerStatusName(s));
        }
    }

    uint32_t Reply(TimeMs now, const py::bytes& data, bool seqCst)
    {
        Bytes b = ToBytes(data);
        CheckDataSize(b);
        ReplyResult r = answer.Reply(now, seqCst, std::move(b));
        if (!r.Ok())
        {
            throw AnswerError(std::string("reply refused: ") + AnswerStatusName(r.status));
        }
        return r.seq;
    }
};

struct PyPayload
{
    uint32_t seq;
    bool seqCst;
    py::bytes data;
    std::shared_ptr<PyAnswer> answer;
};

struct PyReply
{
    uint32_t seq;
    bool seqCst;
    uint32_t re;
    py::bytes data;
    py::bytes sent;
    std::shared_ptr<PyAnswer> answer;
};

struct PyAcked
{
    uint32_t re;
    py::bytes sent;
};

struct PyPacket
{
    std::string kind;
    uint32_t seq;
    uint32_t re;
    std::optional<py::bytes> data;
    bool retransmission;
};

Config
MakeConfig(TimeMs resendIntervalMs, uint32_t initialSeq, uint32_t window)
{
    Config c;
    c.resendIntervalMs = resendIntervalMs;
    c.initialSeq = initialSeq;
    c.window = window;
    std::string problem = ValidateConfig(c);
    if (!problem.empty())
    {
        throw py::value_error(problem);
    }
    return c;
}

PacketKind
KindFromName(const std::string& name)
{
    for (PacketKind k : {PacketKind::Payload,
                         PacketKind::SeqCstPayload,
                         PacketKind::Reply,
                         PacketKind::SeqCstReply,
                         PacketKind::Ack})
    {
        if (name == PacketKindName(k))
        {
            return k;
        }
    }
    throw py::value_error("unknown packet kind '" + name + "' (expected P, PC, R, RC or A)");
}

py::object
PollDelivery(py::object self)
{
    auto& ep = self.cast<PyEndpoint&>().endpoint;
    auto d = ep.PollDelivery();
    if (!d)
    {
        return py::none();
    }
    auto wrap = [&](ByteAnswer&& a) {
        return std::make_shared<PyAnswer>(PyAnswer{self, std::move(a)});
    };
    switch (KindOf(*d))
    {
    case DeliveryKind::Payload: {
        auto& p = std::get<0>(*d);
        return py::cast(PyPayload{p.seq, p.seqCst, FromBytes(p.data), wrap(std::move(p.answer))});
    }
    case DeliveryKind::Reply: {
        auto& r = std::get<1>(*d);
        return py::cast(
            PyReply{r.seq, r.seqCst, r.re, FromBytes(r.data), FromBytes(r.sent), wrap(std::move(r.answer))});
    }
    case DeliveryKind::Acked: {
        auto& a = std::get<2>(*d);
        return py::cast(PyAcked{a.re, FromBytes(a.sent)});
    }
    }
    return py::none();
}

py::dict
CountersDict(const Counters& c)
{
    py::dict d;
    d["sent"] = c.sent;
    d["retransmitted"] = c.retransmitted;
    d["acks_sent"] = c.acksSent;
    d["delivered"] = c.delivered;
    d["resolved_by_ack"] = c.resolvedByAck;
    d["resolved_by_reply"] = c.resolvedByReply;
    d["duplicates_dropped"] = c.duplicatesDropped;
    d["too_early_dropped"] = c.tooEarlyDropped;
    d["ignored_acks"] = c.ignoredAcks;
    d["malformed_dropped"] = c.malformedDropped;
    d["window_full"] = c.windowFull;
    return d;
}

const char*
ReceiveStatusName(ReceiveStatus s)
{
    switch (s)
    {
    case ReceiveStatus::Accepted:
        return "accepted";
    case ReceiveStatus::Duplicate:
        return "duplicate";
    case ReceiveStatus::TooEarly:
        return "too_early";
    case ReceiveStatus::AckResolved:
        return "ack_resolved";
    case ReceiveStatus::AckIgnored:
        return "ack_ignored";
    }
    return "?";
}

} // namespace

void
BindEndpoint(py::module_& m)
{
    m.attr("MAX_DATA_SIZE") = kMaxDataSize;
    m.def(
        "datagram_channel",
        [](const py::bytes& datagram) {
            std::string raw = datagram;
            auto d = DecodeDatagram(reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
            if (d.error != DecodeError::None)
            {
                throw MalformedDatagram(std::string("malformed datagram: ") + DecodeErrorName(d.error));
            }
            return d.header.channel;
        },
        py::arg("datagram"),
        "The channel a wire-format datagram names (which Endpoint it is for); raises MalformedDatagram");
    py::class_<PyAnswer, std::shared_ptr<PyAnswer>>(m, "Answer", "Answer handle of one delivery (SPEC R8)")
        .def("ack", &PyAnswer::Ack, "Answer with an Ack; raises AnswerError if already answered")
        .def("reply",
             &PyAnswer::Reply,
             py::arg("now"),
             py::arg("data"),
             py::arg("seq_cst") = false,
             "Answer with a reply; returns its seq")
        .def_property_readonly("seq", [](const PyAnswer& a) { return a.answer.GetSeq(); })
        .def_property_readonly("pending", [](const PyAnswer& a) { return a.answer.Pending(); })
        .def_property_readonly("holds_seq_cst_lock",
                               [](const PyAnswer& a) { return a.answer.HoldsSeqCstLock(); });

    py::class_<PyPayload>(m, "Payload", "A payload (or a reply naming nothing we sent) from the peer")
        .def_readonly("seq", &PyPayload::seq)
        .def_readonly("seq_cst", &PyPayload::seqCst)
        .def_readonly("data", &PyPayload::data)
        .def_readonly("answer", &PyPayload::answer)
        .def("__repr__", [](const PyPayload& p) { return "<Payload seq=" + std::to_string(p.seq) + ">"; });

    py::class_<PyReply>(m, "Reply", "A reply to our packet `re`; `sent` is what we sent")
        .def_readonly("seq", &PyReply::seq)
        .def_readonly("seq_cst", &PyReply::seqCst)
        .def_readonly("re", &PyReply::re)
        .def_readonly("data", &PyReply::data)
        .def_readonly("sent", &PyReply::sent)
        .def_readonly("answer", &PyReply::answer)
        .def("__repr__", [](const PyReply& r) {
            return "<Reply seq=" + std::to_string(r.seq) + " re=" + std::to_string(r.re) + ">";
        });

    py::class_<PyAcked>(m, "Acked", "Our packet `re` ended its exchange with an Ack")
        .def_readonly("re", &PyAcked::re)
        .def_readonly("sent", &PyAcked::sent)
        .def("__repr__", [](const PyAcked& a) { return "<Acked re=" + std::to_string(a.re) + ">"; });

    py::class_<PyPacket>(m, "Packet", "A packet to transmit (abstract, before encoding)")
        .def_readonly("kind", &PyPacket::kind)
        .def_readonly("seq", &PyPacket::seq)
        .def_readonly("re", &PyPacket::re)
        .def_readonly("data", &PyPacket::data)
        .def_readonly("retransmission", &PyPacket::retransmission)
        .def("__repr__", [](const PyPacket& p) {
            return "<Packet " + p.kind + " seq=" + std::to_string(p.seq) + " re=" + std::to_string(p.re) + ">";
        });

    py::class_<PyEndpoint>(m, "Endpoint", "One SEQEX instance (sans-IO): you pass time and packets in")
        .def(py::init([](TimeMs r, uint32_t s, uint32_t w) { return new PyEndpoint(MakeConfig(r, s, w)); }),
             py::arg("resend_interval_ms") = 250,
             py::arg("initial_seq") = 0,
             py::arg("window") = 64)
        .def(
            "send",
            [](PyEndpoint& self, TimeMs now, const py::bytes& data, bool seqCst) {
                Bytes b = ToBytes(data);
                CheckDataSize(b);
                auto r = self.endpoint.Send(now, seqCst, std::move(b));
                if (!r.Ok())
                {
                    throw WindowFull("window full: the send was refused (SPEC S4); retry after a resolution");
                }
                return r.seq;
            },
            py::arg("now"),
            py::arg("data"),
            py::arg("seq_cst") = false,
            "Start an exchange; returns the payload's seq or raises WindowFull")
        .def(
            "receive",
            [](PyEndpoint& self, const std::string& kind, uint32_t seq, uint32_t re, const py::bytes& data) {
                return ReceiveStatusName(self.endpoint.ReceiveData(KindFromName(kind), seq, re, ToBytes(data)));
            },
            py::arg("kind"),
            py::arg("seq"),
            py::arg("re") = 0,
            py::arg("data") = py::bytes(),
            "Receive an abstract packet (kind P, PC, R, RC or A; for A pass re)")
        .def(
            "receive_datagram",
            [](PyEndpoint& self, const py::bytes& datagram) {
                std::string raw = datagram;
                auto d = DecodeDatagram(reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
                if (d.error != DecodeError::None)
                {
                    self.endpoint.CountMalformed();
                    throw MalformedDatagram(std::string("malformed datagram: ") + DecodeErrorName(d.error));
                }
                Bytes data(d.data, d.data + d.dataLength);
                return ReceiveStatusName(
                    self.endpoint.ReceiveData(d.header.kind, d.header.seq, d.header.re, std::move(data)));
            },
            py::arg("datagram"),
            "Decode a wire-format datagram and receive it; raises MalformedDatagram")
        .def(
            "poll_transmit",
            [](PyEndpoint& self) -> py::object {
                auto p = self.endpoint.PollTransmit();
                if (!p)
                {
                    return py::none();
                }
                std::optional<py::bytes> data;
                if (p->data != nullptr)
                {
                    data = FromBytes(*p->data);
                }
                return py::cast(PyPacket{PacketKindName(p->kind), p->seq, p->re, data, p->retransmission});
            },
            "Next packet to transmit, or None")
        .def(
            "poll_datagram",
            [](PyEndpoint& self, uint16_t channel) -> py::object {
                auto p = self.endpoint.PollTransmit();
                if (!p)
                {
                    return py::none();
                }
                Bytes out;
                EncodeOutgoing(channel, *p, out); // sizes were checked on the way in
                return FromBytes(out);
            },
            py::arg("channel") = 0,
            "Next packet to transmit, encoded in the wire format, or None")
        .def("poll_delivery", &PollDelivery, "Next delivery (Payload, Reply or Acked), or None")
        .def(
            "tick",
            [](PyEndpoint& self, TimeMs now) { self.endpoint.Tick(now); },
            py::arg("now"),
            "Run retransmission timers at time `now`")
        .def(
            "next_timer",
            [](const PyEndpoint& self) { return self.endpoint.NextTimer(); },
            "When tick next has work (ms), or None")
        .def(
            "set_resend_interval",
            [](PyEndpoint& self, TimeMs ms) {
                if (!self.endpoint.SetResendInterval(ms))
                {
                    throw py::value_error("resend interval must be > 0 (got " + std::to_string(ms) + ")");
                }
            },
            py::arg("ms"))
        .def_property_readonly("counters", [](const PyEndpoint& self) { return CountersDict(self.endpoint.GetCounters()); })
        .def_property_readonly("in_flight", [](const PyEndpoint& self) { return self.endpoint.InFlight(); })
        .def_property_readonly("idle", [](const PyEndpoint& self) { return self.endpoint.Idle(); })
        .def_property_readonly("window", [](const PyEndpoint& self) { return self.endpoint.GetWindow(); });
}

} // namespace python
} // namespace seqex
