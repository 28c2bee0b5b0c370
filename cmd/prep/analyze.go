package main

import (
	"context"
	"errors"
	"io"
)

func cmdAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("prep analyze arrives with a later issue")
}
