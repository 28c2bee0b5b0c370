package worker

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the worker's Prometheus series. A nil *Metrics records
// nothing, for tests.
type Metrics struct {
	reports  *prometheus.CounterVec
	stages   *prometheus.HistogramVec
	totals   prometheus.Histogram
	emails   *prometheus.CounterVec
	sweeps   prometheus.Counter
	batches  prometheus.Counter
	webhooks *prometheus.CounterVec
}

// NewMetrics registers the worker's series on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		reports: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "prep_reports_total",
			Help: "Reports finished, by outcome (ready, or failed_ and the error code).",
		}, []string{"outcome"}),
		stages: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "prep_stage_duration_seconds",
			Help:    "Time spent in each pipeline stage.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 14),
		}, []string{"stage"}),
		totals: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "prep_report_ready_seconds",
			Help:    "Time from upload to a ready PDF.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 14),
		}),
		emails: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "prep_emails_total",
			Help: "Report emails, by outcome (sent, failed attempt).",
		}, []string{"outcome"}),
		sweeps: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "prep_reports_swept_total",
			Help: "Reports deleted by the retention sweep.",
		}),
		batches: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "prep_batches_done_total",
			Help: "Recruiter batches whose every report finished.",
		}),
		webhooks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "prep_webhooks_total",
			Help: "Batch webhook deliveries, by outcome (sent, failed attempt).",
		}, []string{"outcome"}),
	}
	reg.MustRegister(m.reports, m.stages, m.totals, m.emails, m.sweeps, m.batches, m.webhooks)
	return m
}

func (m *Metrics) report(outcome string) {
	if m != nil {
		m.reports.WithLabelValues(outcome).Inc()
	}
}

func (m *Metrics) stage(stage string, d time.Duration) {
	if m != nil {
		m.stages.WithLabelValues(stage).Observe(d.Seconds())
	}
}

func (m *Metrics) total(d time.Duration) {
	if m != nil {
		m.totals.Observe(d.Seconds())
	}
}

func (m *Metrics) email(outcome string) {
	if m != nil {
		m.emails.WithLabelValues(outcome).Inc()
	}
}

func (m *Metrics) swept(n int) {
	if m != nil {
		m.sweeps.Add(float64(n))
	}
}

func (m *Metrics) batch() {
	if m != nil {
		m.batches.Inc()
	}
}

func (m *Metrics) webhook(outcome string) {
	if m != nil {
		m.webhooks.WithLabelValues(outcome).Inc()
	}
}
