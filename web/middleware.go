package web

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"prep"
)

// httpMetrics are the HTTP series.
type httpMetrics struct {
	latency *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "prep_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern, method and status.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2.5, 12),
		}, []string{"method", "route", "status"}),
	}
	reg.MustRegister(m.latency)
	return m
}

// observe logs each request and records its latency. The route is the
// pattern (/reports/:id), never the path: report ids are capabilities and
// would also explode the label set.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	d := time.Since(start)
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	if s.metrics != nil {
		s.metrics.latency.WithLabelValues(c.Request.Method, route, strconv.Itoa(status)).Observe(d.Seconds())
	}
	if route == "/healthz" || route == "/readyz" || route == "/metrics" {
		return
	}
	s.deps.Log.Debug("request", "method", c.Request.Method, "route", route, "status", status, "duration_ms", d.Milliseconds())
}

// recoverPanics turns a panic in a handler into a 500 answer, logged once.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.fail(c, prep.Wrap(prep.EINTERNAL, "panic", fmt.Errorf("%v", v)))
		}
	}()
	c.Next()
}

// secureHeaders are set on every page and API answer. Report URLs are
// secrets (whoever has one can read and delete the report), so no
// Referer ever carries them to another site.
func secureHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	c.Next()
}

// requireAdmin guards the dashboard with the admin token, given as the
// password of HTTP basic auth (so a browser can log in) or as a bearer
// token (for scripts). The comparison takes constant time.
func (s *Server) requireAdmin(c *gin.Context) {
	token := ""
	if _, pass, ok := c.Request.BasicAuth(); ok {
		token = pass
	} else if h := c.GetHeader("Authorization"); len(h) > 7 && h[:7] == "Bearer " {
		token = h[7:]
	}
	if subtle.ConstantTimeCompare([]byte(token), []byte(s.cfg.AdminToken)) != 1 {
		c.Header("WWW-Authenticate", `Basic realm="prep admin", charset="UTF-8"`)
		c.AbortWithStatusJSON(http.StatusUnauthorized, gin.H{"error": gin.H{"code": prep.EUNAUTHORIZED, "message": "the admin token is missing or wrong"}})
		return
	}
	c.Next()
}
