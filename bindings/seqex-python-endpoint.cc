// Python view of the core's byte form: Endpoint<Bytes, Bytes>, its answer
// handles and deliveries, and the wire codec. Refusals become exceptions.
#include "seqex-python.h"

#include "seqex-address-probe.h"

#include "seqex-endpoint.h"
#include "seqex-names.h"
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

// The caller's clock is milliseconds since any origin but never before it:
// a negative time is a caller's mistake, refused before the core sees it.
void
CheckNow(TimeMs now)
{
    if (now < 0)
    {
        throw py::value_error("now is a time in ms and must be >= 0 (got " + std::to_string(now) + ")");
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
            throw AnswerError(std::string("ack refused: ") + Label(s));
        }
    }

    uint32_t Reply(TimeMs now, const py::bytes& data, bool seqCst)
    {
        CheckNow(now);
        Bytes b = ToBytes(data);
        CheckDataSize(b);
        ReplyResult r = answer.Reply(now, seqCst, std::move(b));
        if (!r.Ok())
        {
            throw AnswerError(std::string("reply refused: ") + Label(r.status));
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

ResendMode
ResendModeFromName(const std::string& name)
{
    for (ResendMode m : {ResendMode::Fixed, ResendMode::Adaptive})
    {
        if (name == ResendModeName(m))
        {
            return m;
        }
    }
    throw py::value_error("resend_mode must be \"fixed\" or \"adaptive\" (got \"" + name + "\")");
}

Config
MakeConfig(TimeMs resendIntervalMs,
           uint32_t initialSeq,
           uint32_t window,
           const std::string& resendMode,
           TimeMs floorMs,
           TimeMs ceilingMs,
           uint32_t backoffCap)
{
    Config c;
    c.resendIntervalMs = resendIntervalMs;
    c.initialSeq = initialSeq;
    c.window = window;
    c.resendMode = ResendModeFromName(resendMode);
    c.resendFloorMs = floorMs;
    c.resendCeilingMs = ceilingMs;
    c.resendBackoffCap = backoffCap;
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
    if (auto k = PacketKindFromToken(name))
    {
        return *k;
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
    for (const CounterField& f : kCounterFields)
    {
        d[f.name] = c.*(f.member);
    }
    return d;
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
             "Answer with a reply at time `now` (ms); returns its seq; raises AnswerError if already answered")
        .def_property_readonly("seq", [](const PyAnswer& a) { return a.answer.GetSeq(); },
                               "int: seq of the delivered packet this handle answers")
        .def_property_readonly("pending", [](const PyAnswer& a) { return a.answer.Pending(); },
                               "bool: not answered yet (neither ack nor reply)")
        .def_property_readonly("holds_seq_cst_lock",
                               [](const PyAnswer& a) { return a.answer.HoldsSeqCstLock(); },
                               "bool: this unanswered seq_cst delivery holds later seq_cst deliveries back "
                               "(SPEC R6) until it is answered");

    py::class_<PyPayload>(m, "Payload", "A payload (or a reply naming nothing we sent) from the peer")
        .def_readonly("seq", &PyPayload::seq, "int: the payload's seq (the peer's numbering)")
        .def_readonly("seq_cst", &PyPayload::seqCst, "bool: sent as a seq_cst packet (delivered in order)")
        .def_readonly("data", &PyPayload::data, "bytes: the application data")
        .def_readonly("answer", &PyPayload::answer, "Answer: ack or reply to it (acked when dropped)")
        .def("__repr__", [](const PyPayload& p) { return "<Payload seq=" + std::to_string(p.seq) + ">"; });

    py::class_<PyReply>(m, "Reply", "A reply to our packet `re`; `sent` is what we sent")
        .def_readonly("seq", &PyReply::seq, "int: the reply's own seq (the peer's numbering)")
        .def_readonly("seq_cst", &PyReply::seqCst, "bool: sent as a seq_cst packet (delivered in order)")
        .def_readonly("re", &PyReply::re, "int: seq of our packet it replies to")
        .def_readonly("data", &PyReply::data, "bytes: the reply's application data")
        .def_readonly("sent", &PyReply::sent, "bytes: the data of our packet it replies to")
        .def_readonly("answer", &PyReply::answer, "Answer: ack or reply to it (acked when dropped)")
        .def("__repr__", [](const PyReply& r) {
            return "<Reply seq=" + std::to_string(r.seq) + " re=" + std::to_string(r.re) + ">";
        });

    py::class_<PyAcked>(m, "Acked", "Our packet `re` ended its exchange with an Ack")
        .def_readonly("re", &PyAcked::re, "int: seq of our packet the Ack answered")
        .def_readonly("sent", &PyAcked::sent, "bytes: the data of that packet")
        .def("__repr__", [](const PyAcked& a) { return "<Acked re=" + std::to_string(a.re) + ">"; });

    py::class_<PyPacket>(m, "Packet", "A packet to transmit (abstract, before encoding)")
        .def_readonly("kind", &PyPacket::kind, "str: P, PC, R, RC or A (payload, seq_cst payload, reply, "
                                               "seq_cst reply, Ack)")
        .def_readonly("seq", &PyPacket::seq, "int: its seq (0 for an Ack)")
        .def_readonly("re", &PyPacket::re, "int: seq it answers (replies and Acks; 0 otherwise)")
        .def_readonly("data", &PyPacket::data, "bytes or None: application data (None for an Ack)")
        .def_readonly("retransmission", &PyPacket::retransmission, "bool: a resend of a packet sent before")
        .def("__repr__", [](const PyPacket& p) {
            return "<Packet " + p.kind + " seq=" + std::to_string(p.seq) + " re=" + std::to_string(p.re) + ">";
        });

    py::class_<PyEndpoint>(m, "Endpoint", "One SEQEX instance (sans-IO): you pass time and packets in")
        .def(py::init([](TimeMs r, uint32_t s, uint32_t w, const std::string& mode, TimeMs floor, TimeMs ceiling,
                         uint32_t backoffCap) {
                 return new PyEndpoint(MakeConfig(r, s, w, mode, floor, ceiling, backoffCap));
             }),
             py::arg("resend_interval_ms") = Config{}.resendIntervalMs,
             py::arg("initial_seq") = 0,
             py::arg("window") = Config{}.window,
             py::arg("resend_mode") = "fixed",
             py::arg("resend_floor_ms") = Config{}.resendFloorMs,
             py::arg("resend_ceiling_ms") = Config{}.resendCeilingMs,
             py::arg("resend_backoff_cap") = Config{}.resendBackoffCap)
        .def(
            "send",
            [](PyEndpoint& self, TimeMs now, const py::bytes& data, bool seqCst) {
                CheckNow(now);
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
            "Start an exchange at time `now` (ms, >= 0); returns the payload's seq or raises WindowFull")
        .def(
            "receive",
            [](PyEndpoint& self, TimeMs now, const std::string& kind, uint32_t seq, uint32_t re, const py::bytes& data) {
                CheckNow(now);
                return Label(self.endpoint.ReceiveData(now, KindFromName(kind), seq, re, ToBytes(data)));
            },
            py::arg("now"),
            py::arg("kind"),
            py::arg("seq"),
            py::arg("re") = 0,
            py::arg("data") = py::bytes(),
            "Receive an abstract packet (kind P, PC, R, RC or A; for A pass re)")
        .def(
            "receive_datagram",
            [](PyEndpoint& self, TimeMs now, const py::bytes& datagram) {
                CheckNow(now);
                std::string raw = datagram;
                auto d = DecodeDatagram(reinterpret_cast<const uint8_t*>(raw.data()), raw.size());
                if (d.error != DecodeError::None)
                {
                    self.endpoint.CountMalformed();
                    throw MalformedDatagram(std::string("malformed datagram: ") + DecodeErrorName(d.error));
                }
                Bytes data(d.data, d.data + d.dataLength);
                return Label(
                    self.endpoint.ReceiveData(now, d.header.kind, d.header.seq, d.header.re, std::move(data)));
            },
            py::arg("now"),
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
                return py::cast(PyPacket{Token(p->kind), p->seq, p->re, data, p->retransmission});
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
        .def(
            "address_probe_datagram",
            [](const PyEndpoint& self, uint16_t channel) {
                Bytes out;
                EncodeOutgoing(channel, AddressProbe(self.endpoint), out);
                return FromBytes(out);
            },
            py::arg("channel") = 0,
            "The address-probe extension (doc/core.md): a datagram the peer answers with an Ack "
            "and that changes no state; send it from a new socket after a transport reset")
        .def("poll_delivery", &PollDelivery, "Next delivery (Payload, Reply or Acked), or None")
        .def(
            "tick",
            [](PyEndpoint& self, TimeMs now) {
                CheckNow(now);
                self.endpoint.Tick(now);
            },
            py::arg("now"),
            "Run retransmission timers at time `now` (ms, >= 0); a packet waiting for room may become "
            "deliverable (poll_delivery afterwards)")
        .def(
            "next_timer",
            [](const PyEndpoint& self) { return self.endpoint.NextTimer(); },
            "When tick next has work (ms), or None")
        .def(
            "set_resend_interval",
            [](PyEndpoint& self, TimeMs ms) {
                if (!self.endpoint.SetResendInterval(ms))
                {
                    throw py::value_error(ValidateResendInterval(ms, "resend interval"));
                }
            },
            py::arg("ms"),
            "Change the resend interval (ms, > 0) for packets sent from now on")
        .def_property_readonly(
            "counters", [](const PyEndpoint& self) { return CountersDict(self.endpoint.GetCounters()); },
            "dict: the endpoint's counters (sent, retransmitted, acks_sent, delivered, resolved_by_ack, "
            "resolved_by_reply, duplicates_dropped, duplicates_waiting, too_early_dropped, too_early_replies, "
            "ignored_acks, malformed_dropped, "
            "window_full), each counted since it was created")
        .def_property_readonly("in_flight", [](const PyEndpoint& self) { return self.endpoint.InFlight(); },
                               "int: packets sent and not yet resolved (they hold window slots)")
        .def_property_readonly("resend_mode",
                               [](const PyEndpoint& self) { return ResendModeName(self.endpoint.GetResendTimer().Mode()); },
                               "str: fixed or adaptive")
        .def_property_readonly("rto_ms",
                               [](const PyEndpoint& self) { return self.endpoint.GetResendTimer().Rto(); },
                               "int: adaptive mode's retransmission timeout before the backoff (ms)")
        .def_property_readonly("srtt_ms", [](const PyEndpoint& self) { return self.endpoint.GetResendTimer().Srtt(); },
                               "int: adaptive mode's smoothed round-trip time (ms)")
        .def_property_readonly("rtt_samples",
                               [](const PyEndpoint& self) { return self.endpoint.GetResendTimer().Samples(); },
                               "int: round trips measured (Karn's rule: packets resolved without retransmission)")
        .def_property_readonly("idle", [](const PyEndpoint& self) { return self.endpoint.Idle(); },
                               "bool: nothing in flight, to transmit, to deliver or unanswered")
        .def_property_readonly("window", [](const PyEndpoint& self) { return self.endpoint.GetWindow(); },
                               "int: the window capacity W (packets)");
}

} // namespace python
} // namespace seqex
