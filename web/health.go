package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// handleHealth says the process is up; it checks nothing else, so an
// orchestrator does not restart a healthy process because Redis is down.
func (s *Server) handleHealth(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// handleReady says whether the process can take uploads: Redis answers and
// storage is writable.
func (s *Server) handleReady(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
	defer cancel()
	checks := gin.H{}
	status := http.StatusOK
	if err := s.deps.Store.Ping(ctx); err != nil {
		checks["redis"], status = err.Error(), http.StatusServiceUnavailable
	} else {
		checks["redis"] = "ok"
	}
	if err := s.deps.Blobs.Check(ctx); err != nil {
		checks["storage"], status = err.Error(), http.StatusServiceUnavailable
	} else {
		checks["storage"] = "ok"
	}
	word := "ok"
	if status != http.StatusOK {
		word = "unavailable"
	}
	c.JSON(status, gin.H{"status": word, "checks": checks})
}

// metricsHandler serves the Prometheus exposition of the registry.
func (s *Server) metricsHandler() gin.HandlerFunc {
	return gin.WrapH(promhttp.HandlerFor(s.deps.Gatherer, promhttp.HandlerOpts{}))
}
