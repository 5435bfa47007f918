// Prometheus families of the actor layer.
#include "actors/probe.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <atomic>

namespace agenthub::probe {

namespace {

struct families {
  prometheus::Gauge* connected;
  prometheus::Gauge* rooms;
  prometheus::Counter* messages;
  prometheus::Histogram* batch_size;
  prometheus::Histogram* batch_seconds;
  prometheus::Histogram* ack;
  prometheus::Family<prometheus::Histogram>* latency;
  prometheus::Counter* slow;
};

std::atomic<families*> fams{nullptr};

prometheus::Histogram::BucketBoundaries seconds_buckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
          0.1,    0.25,  0.5,    1,     2.5,  5};
}

} // namespace

void register_metrics(prometheus::Registry& r) {
  auto* f = new families{};
  f->connected = &prometheus::BuildGauge()
                    .Name("agenthub_agents_connected")
                    .Help("Open agent connections (sessions).")
                    .Register(r)
                    .Add({});
  f->rooms = &prometheus::BuildGauge()
                .Name("agenthub_rooms_active")
                .Help("Room actors running (rooms with recent activity).")
                .Register(r)
                .Add({});
  f->messages = &prometheus::BuildCounter()
                   .Name("agenthub_messages_total")
                   .Help("Messages committed to PostgreSQL.")
                   .Register(r)
                   .Add({});
  f->batch_size = &prometheus::BuildHistogram()
                     .Name("agenthub_writer_batch_size")
                     .Help("Messages per writer transaction (group commit).")
                     .Register(r)
                     .Add({}, prometheus::Histogram::BucketBoundaries{
                                1, 2, 4, 8, 16, 32, 64, 128, 256, 512});
  f->batch_seconds = &prometheus::BuildHistogram()
                        .Name("agenthub_writer_batch_seconds")
                        .Help("Duration of one writer transaction.")
                        .Register(r)
                        .Add({}, seconds_buckets());
  f->ack = &prometheus::BuildHistogram()
              .Name("agenthub_message_ack_seconds")
              .Help("Time from message:send to its committed acknowledgement.")
              .Register(r)
              .Add({}, seconds_buckets());
  f->latency = &prometheus::BuildHistogram()
                  .Name("agenthub_websocket_latency_seconds")
                  .Help("Time to handle a client event, by event.")
                  .Register(r);
  f->slow = &prometheus::BuildCounter()
               .Name("agenthub_slow_consumer_total")
               .Help("Connections whose outbound queue overflowed.")
               .Register(r)
               .Add({});
  // Leaked on purpose: metric families live as long as the process.
  fams.store(f, std::memory_order_release);
}

#define AGENTHUB_WITH_FAMILIES(body)                                           \
  if (auto* f = fams.load(std::memory_order_acquire))                          \
  body

void session_opened() {
  AGENTHUB_WITH_FAMILIES({ f->connected->Increment(); })
}
void session_closed() {
  AGENTHUB_WITH_FAMILIES({ f->connected->Decrement(); })
}
void room_started() {
  AGENTHUB_WITH_FAMILIES({ f->rooms->Increment(); })
}
void room_stopped() {
  AGENTHUB_WITH_FAMILIES({ f->rooms->Decrement(); })
}
void writer_batch(std::size_t rows, std::size_t stored, double seconds) {
  AGENTHUB_WITH_FAMILIES({
    f->batch_size->Observe(static_cast<double>(rows));
    f->batch_seconds->Observe(seconds);
    f->messages->Increment(static_cast<double>(stored));
  })
}
void message_ack(double seconds) {
  AGENTHUB_WITH_FAMILIES({ f->ack->Observe(seconds); })
}
void event_latency(const std::string& event, double seconds) {
  AGENTHUB_WITH_FAMILIES({
    f->latency->Add({{"event", event}}, seconds_buckets()).Observe(seconds);
  })
}
void slow_consumer() {
  AGENTHUB_WITH_FAMILIES({ f->slow->Increment(); })
}

} // namespace agenthub::probe
