// Command prep turns a CV and a job description into an interview-prep
// report. One binary holds every role: the CLI stages (extract, analyze,
// report, batch) and the service (serve, api, worker).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"prep"
)

const usage = `usage: prep COMMAND [flags]

commands:
  extract FILE [--json] [--jd]   print the text (or structure) read from a CV or JD
  analyze --cv FILE --jd FILE    print the prep.analysis/v1 JSON
  report  --cv FILE --jd FILE -o report.pdf [--json analysis.json]
  batch   --jd FILE --out DIR [--workers N] [--pack ID] CV...|FOLDER|ZIP
  serve                          API, worker and scheduler in one process
  api                            the HTTP server alone
  worker                         a queue worker alone

Run "prep COMMAND -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns the process exit code: 0 done,
// 1 failed, 2 bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmds := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"extract": cmdExtract,
		"analyze": cmdAnalyze,
		"report":  cmdReport,
		"batch":   cmdBatch,
		"serve":   cmdServe,
		"api":     cmdAPI,
		"worker":  cmdWorker,
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, ok := cmds[name]
	if !ok {
		fmt.Fprintf(stderr, "prep: unknown command %q\n\n%s", name, usage)
		return 2
	}
	err := cmd(ctx, args[1:], stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "prep %s: %v\n", name, err)
		return 2
	}
	// The CLI runs on the user's own files, so the user-facing message is
	// printed, and the cause too when it adds something.
	fmt.Fprintf(stderr, "prep %s: %s\n", name, userMessage(err))
	return 1
}

// usageError marks a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func userMessage(err error) string {
	var pe *prep.Error
	if errors.As(err, &pe) && pe.Code != prep.EINTERNAL {
		return pe.Message
	}
	return err.Error()
}
