package main

import (
	"context"
	"errors"
	"io"
)

var errNotYet = errors.New("this command arrives with a later issue")

func cmdAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error { return errNotYet }
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error  { return errNotYet }
func cmdBatch(ctx context.Context, args []string, stdout, stderr io.Writer) error   { return errNotYet }
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error   { return errNotYet }
func cmdAPI(ctx context.Context, args []string, stdout, stderr io.Writer) error     { return errNotYet }
func cmdWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error  { return errNotYet }
