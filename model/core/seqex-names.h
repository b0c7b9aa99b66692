// The one table of names of the core's public enums. Two kinds of name, kept
// apart because they change for different reasons:
//   label  for people: logs, error messages, test output, and the status
//          strings of the Python binding. snake_case, one word in a log line.
//   token  the packet kind's token in the conformance adapter protocol
//          (CONFORMANCE-ADAPTER.md; also the Python binding's packet kinds):
//          a contract with other implementations, never reworded.
#ifndef SEQEX_NAMES_H
#define SEQEX_NAMES_H

#include "seqex-answer.h"
#include "seqex-delivery.h"
#include "seqex-endpoint.h"
#include "seqex-packet.h"

#include <cstddef>
#include <optional>
#include <string_view>

namespace seqex
{

struct PacketKindEntry
{
    PacketKind kind;
    const char* label;
    const char* token;
};

inline constexpr PacketKindEntry kPacketKindNames[] = {
    {PacketKind::Payload, "payload", "P"},
    {PacketKind::SeqCstPayload, "seq_cst_payload", "PC"},
    {PacketKind::Reply, "reply", "R"},
    {PacketKind::SeqCstReply, "seq_cst_reply", "RC"},
    {PacketKind::Ack, "ack", "A"},
};

template <typename E>
struct EnumLabel
{
    E value;
    const char* label;
};

inline constexpr EnumLabel<SendStatus> kSendStatusLabels[] = {
    {SendStatus::Sent, "sent"},
    {SendStatus::WindowFull, "window_full"},
};

inline constexpr EnumLabel<ReceiveStatus> kReceiveStatusLabels[] = {
    {ReceiveStatus::Accepted, "accepted"},
    {ReceiveStatus::Duplicate, "duplicate"},
    {ReceiveStatus::TooEarly, "too_early"},
    {ReceiveStatus::AckResolved, "ack_resolved"},
    {ReceiveStatus::AckIgnored, "ack_ignored"},
};

inline constexpr EnumLabel<AnswerStatus> kAnswerStatusLabels[] = {
    {AnswerStatus::Ok, "ok"},
    {AnswerStatus::Unknown, "unknown"},
    {AnswerStatus::AlreadyAnswered, "already_answered"},
};

inline constexpr EnumLabel<DeliveryKind> kDeliveryKindLabels[] = {
    {DeliveryKind::Payload, "payload"},
    {DeliveryKind::Reply, "reply"},
    {DeliveryKind::Acked, "acked"},
};

namespace names
{
template <typename E, size_t N>
constexpr const char*
Find(const EnumLabel<E> (&table)[N], E value)
{
    for (const auto& e : table)
    {
        if (e.value == value)
        {
            return e.label;
        }
    }
    return "?"; // a value outside the enum (a cast from a number)
}
} // namespace names

constexpr const char*
Label(PacketKind k)
{
    for (const auto& e : kPacketKindNames)
    {
        if (e.kind == k)
        {
            return e.label;
        }
    }
    return "?";
}

constexpr const char*
Label(SendStatus s)
{
    return names::Find(kSendStatusLabels, s);
}

constexpr const char*
Label(ReceiveStatus s)
{
    return names::Find(kReceiveStatusLabels, s);
}

constexpr const char*
Label(AnswerStatus s)
{
    return names::Find(kAnswerStatusLabels, s);
}

constexpr const char*
Label(DeliveryKind k)
{
    return names::Find(kDeliveryKindLabels, k);
}

// The adapter-protocol token ("P", "PC", "R", "RC", "A").
constexpr const char*
Token(PacketKind k)
{
    for (const auto& e : kPacketKindNames)
    {
        if (e.kind == k)
        {
            return e.token;
        }
    }
    return "?";
}

constexpr std::optional<PacketKind>
PacketKindFromToken(std::string_view token)
{
    for (const auto& e : kPacketKindNames)
    {
        if (token == e.token)
        {
            return e.kind;
        }
    }
    return std::nullopt;
}

} // namespace seqex

#endif
