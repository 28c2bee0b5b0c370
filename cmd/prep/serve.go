package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"

	"prep/worker"
)

// cmdServe runs the API, a worker and the scheduler in one process: the
// default way to run prep on one machine.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return runService(ctx, "serve", args, os.Getenv, stdout, stderr, nil)
}

// service says which parts a process runs.
type service struct {
	api, worker, scheduler bool
}

var services = map[string]service{
	"serve":  {api: true, worker: true, scheduler: true},
	"api":    {api: true},
	"worker": {worker: true, scheduler: true},
}

// hooks let tests reach into a running service: the pipeline the worker
// uses and the address the API listens on.
type hooks struct {
	pipeline func(worker.Pipeline) worker.Pipeline
	listener func(net.Addr)
}

// runService parses the configuration, prints it, and runs the parts of
// the named command until ctx ends.
func runService(ctx context.Context, name string, args []string, getenv func(string) string, stdout, stderr io.Writer, h *hooks) error {
	cfg, err := parseConfig(name, args, getenv, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "prep %s: effective configuration\n", name)
	cfg.print(stdout)
	log := newLogger(cfg, stderr).With("process", name)
	a, err := newApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.close()
	if err := a.waitForRedis(ctx); err != nil {
		return err
	}
	part := services[name]
	var fns []func(context.Context) error

	if part.worker {
		p, release, err := a.newPipeline()
		if err != nil {
			return err
		}
		defer release()
		var wp worker.Pipeline = p
		if h != nil && h.pipeline != nil {
			wp = h.pipeline(wp)
		}
		w, err := a.newWorker(wp)
		if err != nil {
			return err
		}
		fns = append(fns, func(ctx context.Context) error { return w.Run(ctx, a.rdb) })
	}
	if part.scheduler {
		fns = append(fns, func(ctx context.Context) error {
			return worker.RunScheduler(ctx, a.rdb, cfg.SweepInterval, log)
		})
	}
	addr := cfg.Addr
	if !part.api {
		addr = cfg.WorkerAddr
	}
	if addr != "" {
		var handler = a.opsHandler()
		if part.api {
			srv, err := a.newWeb()
			if err != nil {
				return err
			}
			handler = srv.Handler()
		}
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("listen %s: %w", addr, err)
		}
		if h != nil && h.listener != nil {
			h.listener(l.Addr())
		}
		if part.api {
			log.Info("listening", "addr", l.Addr().String(), "url", cfg.BaseURL)
		}
		fns = append(fns, func(ctx context.Context) error { return a.serveHTTP(ctx, l, handler) })
	}
	return runAll(ctx, fns...)
}
