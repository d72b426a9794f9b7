package httpapi

import (
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/patronage/patronage/graph"
)

// Metrics, served at /metrics in the Prometheus text format from a registry
// of the handler's own (no global state):
//
//	patronage_requests_total{operation,outcome}        GraphQL requests answered
//	patronage_request_duration_seconds{operation}      their latency
//	patronage_requests_in_flight                       requests being answered
//	patronage_dataset_info{version}                    1 for the version last answered from
//	patronage_store_statements_total                   Cypher statements sent (Neo4j)
//	patronage_store_statement_failures_total           of which failed (Neo4j)
//
// and the Go runtime's and the process's standard metrics. operation is the
// operation's name ("anonymous" without one; names beyond maxOperations
// distinct ones are counted as "other", so that clients cannot grow the
// series without bound); outcome is OK, the response's error code, or
// "HTTP <status>" (see requestInfo.summary).
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inFlight prometheus.Gauge
	dataset  *prometheus.GaugeVec

	mu      sync.Mutex
	ops     map[string]bool
	version string
}

// maxOperations bounds the distinct operation names the metrics label.
const maxOperations = 200

// maxOperationLabel bounds an operation name's length in a label.
const maxOperationLabel = 64

// statementCounter is implemented by stores that count their statements
// (the Neo4j store).
type statementCounter interface {
	CypherStatements() int64
	CypherFailures() int64
}

func newMetrics(store graph.Store) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "patronage_requests_total",
			Help: "GraphQL requests answered, by operation name and outcome (OK, an error code, or HTTP <status>).",
		}, []string{"operation", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "patronage_request_duration_seconds",
			Help:    "Time to answer a GraphQL request, by operation name.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "patronage_requests_in_flight",
			Help: "GraphQL requests being answered.",
		}),
		dataset: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "patronage_dataset_info",
			Help: "1 for the dataset version the last answer was read from.",
		}, []string{"version"}),
		ops: map[string]bool{},
	}
	m.reg.MustRegister(m.requests, m.duration, m.inFlight, m.dataset,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if sc, ok := store.(statementCounter); ok {
		m.reg.MustRegister(
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "patronage_store_statements_total",
				Help: "Cypher statements the Neo4j store has sent.",
			}, func() float64 { return float64(sc.CypherStatements()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "patronage_store_statement_failures_total",
				Help: "Cypher statements that failed (unavailable store, server errors); cancelled requests are not counted.",
			}, func() float64 { return float64(sc.CypherFailures()) }),
		)
	}
	return m
}

// handler serves the registry.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// observe counts one answered request.
func (m *metrics) observe(operation, outcome string, elapsed time.Duration) {
	op := m.label(operation)
	m.requests.WithLabelValues(op, outcome).Inc()
	m.duration.WithLabelValues(op).Observe(elapsed.Seconds())
}

// label is the operation's label value.
func (m *metrics) label(operation string) string {
	if operation == "" {
		return "anonymous"
	}
	if len(operation) > maxOperationLabel {
		operation = operation[:maxOperationLabel]
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ops[operation] {
		return operation
	}
	if len(m.ops) >= maxOperations {
		return "other"
	}
	m.ops[operation] = true
	return operation
}

// seeVersion records the dataset version an answer was read from.
func (m *metrics) seeVersion(v string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v == m.version {
		return
	}
	m.version = v
	m.dataset.Reset()
	m.dataset.WithLabelValues(v).Set(1)
}
