// What an endpoint hands to the application: a tagged type to multiplex with
// std::visit, or with a switch on KindOf().
#ifndef SEQEX_DELIVERY_H
#define SEQEX_DELIVERY_H

#include "seqex-answer.h"

#include <cstdint>
#include <variant>

namespace seqex
{

// A payload (or a reply naming nothing we know, SPEC R6) from the peer.
template <typename S, typename R>
struct PayloadDelivery
{
    Seq seq;
    bool seqCst;
    R data;
    Answer<S, R> answer;
};

// A reply to our packet `re`; `sent` is the data we stored when sending it.
template <typename S, typename R>
struct ReplyDelivery
{
    Seq seq;
    bool seqCst;
    Seq re;
    R data;
    S sent;
    Answer<S, R> answer;
};

// Our packet `re` ended its exchange: the peer acked it.
template <typename S>
struct AckedDelivery
{
    Seq re;
    S sent;
};

template <typename S, typename R>
using Delivery = std::variant<PayloadDelivery<S, R>, ReplyDelivery<S, R>, AckedDelivery<S>>;

enum class DeliveryKind : uint8_t // the alternative's index in Delivery
{
    Payload = 0,
    Reply = 1,
    Acked = 2,
};

template <typename S, typename R>
DeliveryKind
KindOf(const Delivery<S, R>& d)
{
    return static_cast<DeliveryKind>(d.index());
}

} // namespace seqex

#endif
