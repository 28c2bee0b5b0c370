package main

import (
	"context"
	"io"
	"net/http"
	"os"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// cmdWorker runs a queue worker (and the sweep scheduler) alone; any
// number of them can share one Redis.
func cmdWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runService(ctx, "worker", args, os.Getenv, stdout, stderr, nil)
}

// opsHandler is what a worker process serves on PREP_WORKER_ADDR: its
// liveness and its metrics, for the scraper.
func (a *app) opsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"status":"ok"}`)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.reg, promhttp.HandlerOpts{}))
	return mux
}
